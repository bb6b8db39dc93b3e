using Transactions.Protocol.Sagas;

namespace Transactions.Coordinator.Sagas;

/// <summary>A parsed definition flattened in step order (ordinal = position), with each step's group.</summary>
internal sealed class SagaPlan
{
    private SagaPlan(SagaDefinition definition, IReadOnlyList<SagaStepDefinition> steps, IReadOnlyList<int> groups, int groupCount)
    {
        Definition = definition;
        Steps = steps;
        Groups = groups;
        GroupCount = groupCount;
    }

    public SagaDefinition Definition { get; }

    /// <summary>Step definitions by ordinal.</summary>
    public IReadOnlyList<SagaStepDefinition> Steps { get; }

    /// <summary>Group index by ordinal.</summary>
    public IReadOnlyList<int> Groups { get; }

    public int GroupCount { get; }

    public static SagaPlan Create(SagaDefinition definition)
    {
        var steps = new List<SagaStepDefinition>();
        var groups = new List<int>();
        var groupIndex = 0;
        foreach (var group in definition.Groups!)
        {
            foreach (var step in group.Steps!)
            {
                steps.Add(step);
                groups.Add(groupIndex);
            }

            groupIndex++;
        }

        return new SagaPlan(definition, steps, groups, groupIndex);
    }

    public TimeSpan Timeout(int ordinal) => TimeSpan.FromMilliseconds(Steps[ordinal].TimeoutMs ?? SagaLimits.DefaultStepTimeoutMs);

    public SagaRetryPolicy Retry(int ordinal) => Steps[ordinal].Retry ?? new SagaRetryPolicy();
}
