using Samples.Demo.Verification;

namespace Samples.Demo.Script;

/// <summary>What the demo script produced.</summary>
/// <param name="InitialStock">Units each product was created with.</param>
/// <param name="Before">The state before the first order.</param>
/// <param name="After">The settled state.</param>
/// <param name="Report">The consistency report of <paramref name="After"/>.</param>
/// <param name="Steps">The steps.</param>
public sealed record DemoResult(
    IReadOnlyDictionary<string, int> InitialStock,
    SystemSnapshot Before,
    SystemSnapshot After,
    ConsistencyReport Report,
    IReadOnlyList<ScriptStep> Steps)
{
    /// <summary>The verdict: consistent, and every step as expected.</summary>
    public bool Passed => Report.Passed && Steps.All(s => s.AsExpected);
}
