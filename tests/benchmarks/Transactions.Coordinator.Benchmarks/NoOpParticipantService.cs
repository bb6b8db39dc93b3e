using Grpc.Core;
using Transactions.Protocol.V1;

namespace Transactions.Coordinator.Benchmarks;

/// <summary>
/// <c>transactions.v1.Participant</c> Confirm and Cancel plus the benchmark application's own Try (same message
/// shapes), all doing nothing; bound by hand because Try is not in the .proto.
/// </summary>
[BindServiceMethod(typeof(NoOpParticipantService), nameof(BindService))]
public class NoOpParticipantService
{
    /// <summary>The Try call of the benchmark's application.</summary>
    public static readonly Method<BranchActionRequest, BranchActionResponse> TryMethod = Unary("Try");

    /// <summary>Participant/Confirm.</summary>
    public static readonly Method<BranchActionRequest, BranchActionResponse> ConfirmMethod = Unary("Confirm");

    /// <summary>Participant/Cancel.</summary>
    public static readonly Method<BranchActionRequest, BranchActionResponse> CancelMethod = Unary("Cancel");

    private static readonly BranchActionResponse Ok = new() { Result = BranchActionResult.Succeeded };
    private long _calls;

    /// <summary>Calls served.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>
    /// Binds the three methods (called by Grpc.AspNetCore's MapGrpcService with a null service, which then finds each
    /// handler by the method's name on this type: Try, Confirm, Cancel, virtual and declared here, as in generated bases).
    /// </summary>
    /// <param name="binder">The binder.</param>
    /// <param name="service">The service instance, or null when the binder resolves handlers by name.</param>
    public static void BindService(ServiceBinderBase binder, NoOpParticipantService? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(TryMethod, service is null ? null : service.Try);
        binder.AddMethod(ConfirmMethod, service is null ? null : service.Confirm);
        binder.AddMethod(CancelMethod, service is null ? null : service.Cancel);
    }

    /// <summary>Try: does nothing.</summary>
    public virtual Task<BranchActionResponse> Try(BranchActionRequest request, ServerCallContext context) => Handle();

    /// <summary>Confirm: does nothing.</summary>
    public virtual Task<BranchActionResponse> Confirm(BranchActionRequest request, ServerCallContext context) => Handle();

    /// <summary>Cancel: does nothing.</summary>
    public virtual Task<BranchActionResponse> Cancel(BranchActionRequest request, ServerCallContext context) => Handle();

    private Task<BranchActionResponse> Handle()
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
