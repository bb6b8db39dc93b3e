using Transactions.Coordinator.Errors;
using Domain = Transactions.Coordinator.Domain;
using V1 = Transactions.Protocol.V1;

namespace Transactions.Coordinator.Grpc;

/// <summary>Conversions between protocol messages and engine types.</summary>
internal static class ProtocolMapping
{
    public static V1.GlobalStatus ToProto(this Domain.GlobalStatus status) => status switch
    {
        Domain.GlobalStatus.Active => V1.GlobalStatus.Active,
        Domain.GlobalStatus.Committing => V1.GlobalStatus.Committing,
        Domain.GlobalStatus.Committed => V1.GlobalStatus.Committed,
        Domain.GlobalStatus.RollingBack => V1.GlobalStatus.RollingBack,
        Domain.GlobalStatus.RolledBack => V1.GlobalStatus.RolledBack,
        _ => V1.GlobalStatus.Unspecified,
    };

    public static V1.BranchStatus ToProto(this Domain.BranchStatus status) => status switch
    {
        Domain.BranchStatus.Registered => V1.BranchStatus.Registered,
        Domain.BranchStatus.PhaseOneFailed => V1.BranchStatus.PhaseOneFailed,
        Domain.BranchStatus.Confirmed => V1.BranchStatus.Confirmed,
        Domain.BranchStatus.Cancelled => V1.BranchStatus.Cancelled,
        Domain.BranchStatus.ManuallyResolved => V1.BranchStatus.ManuallyResolved,
        _ => V1.BranchStatus.Unspecified,
    };

    public static Domain.BranchType ToDomain(this V1.BranchType type) => type switch
    {
        V1.BranchType.Tcc or V1.BranchType.Unspecified => Domain.BranchType.Tcc,
        V1.BranchType.Saga => Domain.BranchType.Saga,
        _ => throw new InvalidRequestException("branch_type", $"unknown value {(int)type}."),
    };

    public static Domain.ParticipantProtocol ToDomain(this V1.ParticipantProtocol protocol) => protocol switch
    {
        V1.ParticipantProtocol.Grpc or V1.ParticipantProtocol.Unspecified => Domain.ParticipantProtocol.Grpc,
        V1.ParticipantProtocol.HttpJson => Domain.ParticipantProtocol.HttpJson,
        _ => throw new InvalidRequestException("protocol", $"unknown value {(int)protocol}."),
    };

    public static long RequireXid(long xid) =>
        xid > 0 ? xid : throw new InvalidRequestException("xid", "is required (a positive 64-bit id).");
}
