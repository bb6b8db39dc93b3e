namespace Transactions.Common.Cleanup;

/// <summary>What one <see cref="BatchedDelete.RunAsync"/> did.</summary>
/// <param name="Deleted">Rows deleted.</param>
/// <param name="StoppedAtLimit">True when the run stopped at its batch limit with rows possibly left (the next run goes on).</param>
public readonly record struct BatchedDeleteResult(int Deleted, bool StoppedAtLimit);
