using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Engine;

/// <summary>Helpers over <see cref="BranchStatus"/>.</summary>
public static class BranchStatusExtensions
{
    /// <summary>True when phase 2 has nothing left to do for the branch.</summary>
    public static bool IsTerminal(this BranchStatus status) =>
        status is BranchStatus.Confirmed or BranchStatus.Cancelled or BranchStatus.ManuallyResolved;
}
