namespace Samples.Demo.Verification;

/// <summary>The outcome of <see cref="ConsistencyCheck.Evaluate"/>.</summary>
/// <param name="Checks">How many invariants were checked.</param>
/// <param name="Violations">The ones that do not hold (empty: consistent).</param>
public sealed record ConsistencyReport(int Checks, IReadOnlyList<string> Violations)
{
    /// <summary>Whether every invariant holds.</summary>
    public bool Passed => Violations.Count == 0;
}
