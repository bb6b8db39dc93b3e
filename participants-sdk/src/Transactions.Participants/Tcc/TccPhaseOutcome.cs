namespace Transactions.Participants;

/// <summary>What an <see cref="ITccPhaseExecutor"/> did. Every value is a success for the coordinator.</summary>
public enum TccPhaseOutcome
{
    /// <summary>The business method ran and its effect committed.</summary>
    Executed,

    /// <summary>A duplicate: the phase had already taken effect; the business method did not run again.</summary>
    AlreadyDone,

    /// <summary>A Cancel before any Try: nothing to release; a later Try of this branch will be refused.</summary>
    EmptyRollback,
}
