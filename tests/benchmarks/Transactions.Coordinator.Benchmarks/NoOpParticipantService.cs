using Grpc.Core;
using Transactions.Protocol.V1;

namespace Transactions.Coordinator.Benchmarks;

/// <summary>
/// <c>transactions.v1.Participant</c> Confirm and Cancel plus the benchmark application's own Try (same message
/// shapes), all doing nothing; bound by hand because Try is not in the .proto.
/// </summary>
[BindServiceMethod(typeof(NoOpParticipantService), nameof(BindService))]
public sealed class NoOpParticipantService
{
    /// <summary>The Try call of the benchmark's application.</summary>
    public static readonly Method<BranchActionRequest, BranchActionResponse> Try = Unary("Try");

    /// <summary>Participant/Confirm.</summary>
    public static readonly Method<BranchActionRequest, BranchActionResponse> Confirm = Unary("Confirm");

    /// <summary>Participant/Cancel.</summary>
    public static readonly Method<BranchActionRequest, BranchActionResponse> Cancel = Unary("Cancel");

    private static readonly BranchActionResponse Ok = new() { Result = BranchActionResult.Succeeded };
    private long _calls;

    /// <summary>Calls served.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Binds the three methods (called by Grpc.AspNetCore's MapGrpcService).</summary>
    /// <param name="binder">The binder.</param>
    /// <param name="service">The service instance, or null when the binder only collects methods.</param>
    public static void BindService(ServiceBinderBase binder, NoOpParticipantService? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        UnaryServerMethod<BranchActionRequest, BranchActionResponse>? handler = service is null ? null : service.HandleAsync;
        binder.AddMethod(Try, handler);
        binder.AddMethod(Confirm, handler);
        binder.AddMethod(Cancel, handler);
    }

    private Task<BranchActionResponse> HandleAsync(BranchActionRequest request, ServerCallContext context)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(Ok);
    }

    private static Method<BranchActionRequest, BranchActionResponse> Unary(string name) =>
        new(MethodType.Unary, Participant.Descriptor.FullName, name, Marshaller<BranchActionRequest>(), Marshaller<BranchActionResponse>());

    private static Marshaller<T> Marshaller<T>()
        where T : class, Google.Protobuf.IMessage<T>, new() =>
        Marshallers.Create(static (T m) => Google.Protobuf.MessageExtensions.ToByteArray(m), static bytes => new Google.Protobuf.MessageParser<T>(() => new T()).ParseFrom(bytes));
}
