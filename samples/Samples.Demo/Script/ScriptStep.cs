namespace Samples.Demo.Script;

/// <summary>One step of the demo script and whether it turned out as expected.</summary>
/// <param name="Title">What the step did.</param>
/// <param name="Expected">The outcome the step expected.</param>
/// <param name="Actual">What happened.</param>
/// <param name="AsExpected">Whether it did.</param>
public sealed record ScriptStep(string Title, string Expected, string Actual, bool AsExpected);
