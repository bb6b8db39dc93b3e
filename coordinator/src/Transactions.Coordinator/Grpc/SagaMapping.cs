using Transactions.Coordinator.Sagas;
using Domain = Transactions.Coordinator.Domain;
using V1 = Transactions.Protocol.V1;

namespace Transactions.Coordinator.Grpc;

/// <summary>Conversions of sagas to protocol messages.</summary>
internal static class SagaMapping
{
    public static V1.SagaStatus ToSagaProto(this Domain.GlobalStatus status) => status switch
    {
        Domain.GlobalStatus.Committing => V1.SagaStatus.Running,
        Domain.GlobalStatus.Committed => V1.SagaStatus.Succeeded,
        Domain.GlobalStatus.RollingBack => V1.SagaStatus.Compensating,
        Domain.GlobalStatus.RolledBack => V1.SagaStatus.RolledBack,
        _ => V1.SagaStatus.Unspecified,
    };

    public static V1.SagaStepStatus ToProto(this Domain.SagaStepStatus status) => status switch
    {
        Domain.SagaStepStatus.Pending => V1.SagaStepStatus.Pending,
        Domain.SagaStepStatus.Running => V1.SagaStepStatus.Running,
        Domain.SagaStepStatus.Succeeded => V1.SagaStepStatus.Succeeded,
        Domain.SagaStepStatus.Failed => V1.SagaStepStatus.Failed,
        Domain.SagaStepStatus.Compensating => V1.SagaStepStatus.Compensating,
        Domain.SagaStepStatus.Compensated => V1.SagaStepStatus.Compensated,
        _ => V1.SagaStepStatus.Unspecified,
    };

    public static V1.GetSagaResponse ToResponse(SagaView view)
    {
        var tx = view.Saga.Transaction;
        var response = new V1.GetSagaResponse
        {
            Xid = tx.Xid,
            Name = tx.Name,
            Status = tx.Status.ToSagaProto(),
            NeedsAttention = tx.NeedsAttention,
            FailureReason = tx.RollbackReason ?? string.Empty,
            CreatedUnixMs = tx.CreatedUnixMs,
            CompletedUnixMs = tx.CompletedUnixMs ?? 0,
        };
        foreach (var step in view.Saga.Steps)
        {
            response.Steps.Add(new V1.SagaStepInfo
            {
                Name = step.Name,
                Group = step.GroupIndex,
                Status = step.Status.ToProto(),
                Attempts = step.Attempts,
                CompensationAttempts = step.CompensationAttempts,
                Output = step.Output ?? string.Empty,
                LastError = step.LastError ?? string.Empty,
                BranchId = step.BranchId,
            });
        }

        foreach (var entry in view.History)
        {
            response.History.Add(new V1.SagaHistoryEntry
            {
                AtUnixMs = entry.AtUnixMs,
                Kind = entry.Kind,
                Actor = entry.Actor,
                Detail = entry.Detail ?? string.Empty,
                BranchId = entry.BranchId ?? 0,
                Repeats = entry.Repeats,
                LastAtUnixMs = entry.LastAtUnixMs ?? 0,
            });
        }

        return response;
    }
}
