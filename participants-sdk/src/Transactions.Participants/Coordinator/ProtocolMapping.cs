using V1 = Transactions.Protocol.V1;

namespace Transactions.Participants.Coordinator;

/// <summary>Conversions between protocol messages and the SDK's public types.</summary>
internal static class ProtocolMapping
{
    public static GlobalTransactionStatus ToStatus(this V1.GlobalStatus status) => status switch
    {
        V1.GlobalStatus.Active => GlobalTransactionStatus.Active,
        V1.GlobalStatus.Committing => GlobalTransactionStatus.Committing,
        V1.GlobalStatus.Committed => GlobalTransactionStatus.Committed,
        V1.GlobalStatus.RollingBack => GlobalTransactionStatus.RollingBack,
        V1.GlobalStatus.RolledBack => GlobalTransactionStatus.RolledBack,
        _ => GlobalTransactionStatus.Unknown,
    };

    public static BranchTransactionStatus ToStatus(this V1.BranchStatus status) => status switch
    {
        V1.BranchStatus.Registered => BranchTransactionStatus.Registered,
        V1.BranchStatus.PhaseOneFailed => BranchTransactionStatus.PhaseOneFailed,
        V1.BranchStatus.Confirmed => BranchTransactionStatus.Confirmed,
        V1.BranchStatus.Cancelled => BranchTransactionStatus.Cancelled,
        V1.BranchStatus.ManuallyResolved => BranchTransactionStatus.ManuallyResolved,
        _ => BranchTransactionStatus.Unknown,
    };

    public static V1.ParticipantProtocol ToProto(this ParticipantProtocol protocol) => protocol switch
    {
        ParticipantProtocol.HttpJson => V1.ParticipantProtocol.HttpJson,
        _ => V1.ParticipantProtocol.Grpc,
    };

    public static GlobalTransactionInfo ToInfo(this V1.GetStatusResponse response) => new(
        response.Xid,
        response.Name,
        response.Status.ToStatus(),
        response.NeedsAttention,
        DateTimeOffset.FromUnixTimeMilliseconds(response.CreatedUnixMs),
        DateTimeOffset.FromUnixTimeMilliseconds(response.DeadlineUnixMs),
        response.Branches.Select(b => new BranchTransactionInfo(
            b.BranchId,
            b.ResourceId,
            b.ActionName,
            b.Status.ToStatus(),
            b.Attempts,
            string.IsNullOrEmpty(b.LastError) ? null : b.LastError)).ToArray());
}
