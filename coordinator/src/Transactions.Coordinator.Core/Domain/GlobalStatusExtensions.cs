namespace Transactions.Coordinator.Domain;

/// <summary>Helpers over <see cref="GlobalStatus"/>.</summary>
public static class GlobalStatusExtensions
{
    /// <summary>True for <see cref="GlobalStatus.Committed"/> and <see cref="GlobalStatus.RolledBack"/>.</summary>
    public static bool IsTerminal(this GlobalStatus status) =>
        status is GlobalStatus.Committed or GlobalStatus.RolledBack;

    /// <summary>True for the phase-2 states <see cref="GlobalStatus.Committing"/> and <see cref="GlobalStatus.RollingBack"/>.</summary>
    public static bool IsPhaseTwo(this GlobalStatus status) =>
        status is GlobalStatus.Committing or GlobalStatus.RollingBack;
}
