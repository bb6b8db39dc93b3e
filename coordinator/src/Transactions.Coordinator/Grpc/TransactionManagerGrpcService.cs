using Grpc.Core;
using Transactions.Coordinator.Engine;
using Transactions.Coordinator.Sagas;
using Transactions.Coordinator.Security;
using Transactions.Protocol.Sagas;
using Transactions.Protocol.V1;

namespace Transactions.Coordinator.Grpc;

/// <summary><c>transactions.v1.TransactionManager</c> over the engine; <see cref="TransactionAccess"/> keeps applications to their own transactions.</summary>
public sealed class TransactionManagerGrpcService(TransactionCoordinator coordinator, SagaCoordinator sagas, TransactionAccess access, EndpointPolicy endpoints)
    : TransactionManager.TransactionManagerBase
{
    /// <summary>Begin.</summary>
    public override async Task<BeginResponse> Begin(BeginRequest request, ServerCallContext context)
    {
        var result = await coordinator.BeginAsync(
            new BeginCommand(request.Name, request.TimeoutMs, request.IdempotencyKey, access.ResolveOwner(request.ApplicationId, context)),
            context.CancellationToken).ConfigureAwait(false);
        return new BeginResponse
        {
            Xid = result.Transaction.Xid,
            Status = result.Transaction.Status.ToProto(),
            Existing = result.Existing,
            DeadlineUnixMs = result.Transaction.DeadlineUnixMs,
        };
    }

    /// <summary>Commit.</summary>
    public override async Task<CommitResponse> Commit(CommitRequest request, ServerCallContext context)
    {
        var xid = await RequireAccessAsync(request.Xid, context).ConfigureAwait(false);
        var status = await coordinator.CommitAsync(xid, request.ReturnAfterDecision, actor: null, context.CancellationToken).ConfigureAwait(false);
        return new CommitResponse { Status = status.ToProto() };
    }

    /// <summary>Rollback.</summary>
    public override async Task<RollbackResponse> Rollback(RollbackRequest request, ServerCallContext context)
    {
        var xid = await RequireAccessAsync(request.Xid, context).ConfigureAwait(false);
        var status = await coordinator.RollbackAsync(xid, request.Reason, request.ReturnAfterDecision, actor: null, context.CancellationToken).ConfigureAwait(false);
        return new RollbackResponse { Status = status.ToProto() };
    }

    /// <summary>GetStatus.</summary>
    public override async Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        var xid = await RequireAccessAsync(request.Xid, context).ConfigureAwait(false);
        var snapshot = await coordinator.GetAsync(xid, context.CancellationToken).ConfigureAwait(false);
        var tx = snapshot.Transaction;
        var response = new GetStatusResponse
        {
            Xid = tx.Xid,
            Name = tx.Name,
            Status = tx.Status.ToProto(),
            NeedsAttention = tx.NeedsAttention,
            CreatedUnixMs = tx.CreatedUnixMs,
            DeadlineUnixMs = tx.DeadlineUnixMs,
        };
        foreach (var b in snapshot.Branches)
        {
            response.Branches.Add(new BranchInfo
            {
                BranchId = b.BranchId,
                ResourceId = b.ResourceId,
                ActionName = b.ActionName,
                Status = b.Status.ToProto(),
                Attempts = b.Attempts,
                LastError = b.LastError ?? string.Empty,
            });
        }

        return response;
    }

    /// <summary>SubmitSaga.</summary>
    public override async Task<SubmitSagaResponse> SubmitSaga(SubmitSagaRequest request, ServerCallContext context)
    {
        // The engine parses the definition again; this parse only runs when endpoint lists are configured.
        foreach (var endpoint in endpoints.Enabled ? SagaEndpoints(request.DefinitionJson) : [])
        {
            endpoints.EnsureAllowed(context, "definition_json", endpoint);
        }

        var result = await sagas.SubmitAsync(
            new SubmitSagaCommand(request.DefinitionJson, request.IdempotencyKey, access.ResolveOwner(request.ApplicationId, context), request.WaitMs),
            context.CancellationToken).ConfigureAwait(false);
        return new SubmitSagaResponse { Xid = result.Xid, Status = result.Status.ToSagaProto(), Existing = result.Existing };
    }

    /// <summary>GetSaga.</summary>
    public override async Task<GetSagaResponse> GetSaga(GetSagaRequest request, ServerCallContext context)
    {
        var xid = await RequireAccessAsync(request.Xid, context).ConfigureAwait(false);
        var view = await sagas.GetAsync(xid, request.WaitMs, context.CancellationToken).ConfigureAwait(false);
        return SagaMapping.ToResponse(view);
    }

    /// <summary>The step endpoints of a saga definition; none when it does not parse (the engine then answers what is wrong).</summary>
    private static IEnumerable<string?> SagaEndpoints(string? definitionJson)
    {
        try
        {
            var definition = SagaDefinitionJson.Parse(definitionJson ?? string.Empty);
            return (definition.Groups ?? []).SelectMany(g => g.Steps ?? []).Select(s => s.Participant?.Endpoint).ToList();
        }
        catch (SagaDefinitionException)
        {
            return [];
        }
    }

    private async Task<long> RequireAccessAsync(long requestXid, ServerCallContext context)
    {
        var xid = ProtocolMapping.RequireXid(requestXid);
        await access.EnsureAccessAsync(xid, context).ConfigureAwait(false);
        return xid;
    }
}
