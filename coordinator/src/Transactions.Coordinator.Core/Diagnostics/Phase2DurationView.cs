namespace Transactions.Coordinator.Diagnostics;

/// <summary>Summary of the phase-2 round durations recorded since start.</summary>
/// <param name="Count">Rounds recorded.</param>
/// <param name="SumMs">Total milliseconds.</param>
/// <param name="MaxMs">Longest round in milliseconds.</param>
public sealed record Phase2DurationView(long Count, double SumMs, double MaxMs);
