using Grpc.Core;
using Transactions.Coordinator.Engine;
using Transactions.Coordinator.Errors;
using Transactions.Coordinator.Security;
using Transactions.Protocol.V1;

namespace Transactions.Coordinator.Grpc;

/// <summary>
/// <c>transactions.v1.ResourceManager</c> over the engine; <see cref="TransactionAccess"/> keeps applications to
/// transactions they may join, <see cref="EndpointPolicy"/> to endpoints they may register.
/// </summary>
public sealed class ResourceManagerGrpcService(TransactionCoordinator coordinator, TransactionAccess access, EndpointPolicy endpoints)
    : ResourceManager.ResourceManagerBase
{
    /// <summary>RegisterBranch.</summary>
    public override async Task<RegisterBranchResponse> RegisterBranch(RegisterBranchRequest request, ServerCallContext context)
    {
        var xid = ProtocolMapping.RequireXid(request.Xid);
        await access.EnsureAccessAsync(xid, context, asParticipant: true).ConfigureAwait(false);
        endpoints.EnsureAllowed(context, "participant_endpoint", request.ParticipantEndpoint);
        var branchId = await coordinator.RegisterBranchAsync(
            new RegisterBranchCommand(
                xid,
                request.ResourceId,
                request.ActionName,
                request.BranchType.ToDomain(),
                request.ParticipantEndpoint,
                request.Protocol.ToDomain(),
                request.ActionContext,
                request.IdempotencyKey),
            context.CancellationToken).ConfigureAwait(false);
        return new RegisterBranchResponse { BranchId = branchId };
    }

    /// <summary>ReportBranch.</summary>
    public override async Task<ReportBranchResponse> ReportBranch(ReportBranchRequest request, ServerCallContext context)
    {
        var failed = request.Report switch
        {
            BranchReport.PhaseOneDone => false,
            BranchReport.PhaseOneFailed => true,
            _ => throw new InvalidRequestException("report", "must be PHASE_ONE_DONE or PHASE_ONE_FAILED."),
        };
        if (request.BranchId <= 0)
        {
            throw new InvalidRequestException("branch_id", "is required (a positive 64-bit id).");
        }

        var xid = ProtocolMapping.RequireXid(request.Xid);
        await access.EnsureAccessAsync(xid, context, asParticipant: true).ConfigureAwait(false);
        var status = await coordinator.ReportBranchAsync(xid, request.BranchId, failed, request.Error, context.CancellationToken).ConfigureAwait(false);
        return new ReportBranchResponse { GlobalStatus = status.ToProto() };
    }
}
