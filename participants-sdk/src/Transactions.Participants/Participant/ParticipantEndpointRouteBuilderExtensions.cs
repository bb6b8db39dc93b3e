using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Transactions.Participants;
using Transactions.Participants.Participant;
using Transactions.Participants.Saga;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the participant endpoint the coordinator calls for Confirm and Cancel.</summary>
public static class ParticipantEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the <c>transactions.v1.Participant</c> gRPC service with Grpc.AspNetCore
    /// (<c>POST /transactions.v1.Participant/Confirm</c> and <c>/Cancel</c>; needs a Kestrel endpoint with HTTP/2, for
    /// plaintext <c>Protocols = Http2</c>; <c>AddTransactions</c> calls <c>services.AddGrpc()</c>) and the
    /// HTTP/JSON routes <c>POST {ParticipantPath}/confirm</c> and <c>/cancel</c> (any HTTP version). Each call is
    /// dispatched by action name to the Confirm or Cancel method of the registered participant, in a new DI
    /// scope, inside the TCC fence. Also maps the saga calls: gRPC <c>Execute</c>/<c>Compensate</c> and HTTP/JSON
    /// <c>POST {ParticipantPath}/execute</c> and <c>/compensate</c>, dispatched to <see cref="SagaActionAttribute"/>
    /// methods (see <c>AddSagaParticipant</c>). Answers SUCCEEDED (HTTP 200) when the phase took effect now or before, and
    /// RETRY_LATER (HTTP 503) with a short message otherwise, so the coordinator retries. Restrict who can reach
    /// these routes (network policy, or conventions on the returned builder such as <c>RequireHost</c>).
    /// Requires <c>services.AddTransactions(...)</c>.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder (e.g. the <c>WebApplication</c>).</param>
    /// <returns>A builder that applies conventions to every participant endpoint.</returns>
    /// <exception cref="InvalidOperationException"><c>AddTransactions</c> was not called.</exception>
    public static IEndpointConventionBuilder MapTransactionParticipant(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var handlers = endpoints.ServiceProvider.GetService<ParticipantEndpointHandlers>()
            ?? throw new InvalidOperationException("MapTransactionParticipant needs the transactions SDK: call services.AddTransactions(...).");
        var saga = endpoints.ServiceProvider.GetRequiredService<SagaEndpointHandlers>();
        var path = endpoints.ServiceProvider.GetRequiredService<IOptions<TransactionsOptions>>().Value.ParticipantPath.TrimEnd('/');
        return new CompositeEndpointConventionBuilder(
        [
            endpoints.MapGrpcService<ParticipantGrpcService>(),
            endpoints.MapPost(path + "/confirm", new RequestDelegate(handlers.ConfirmHttpAsync)),
            endpoints.MapPost(path + "/cancel", new RequestDelegate(handlers.CancelHttpAsync)),
            endpoints.MapPost(path + "/execute", new RequestDelegate(saga.ExecuteHttpAsync)),
            endpoints.MapPost(path + "/compensate", new RequestDelegate(saga.CompensateHttpAsync)),
        ]);
    }
}
