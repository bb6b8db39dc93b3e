namespace Transactions.Protocol.Sagas;

/// <summary>Collects the steps of a parallel group, see <see cref="SagaBuilder.Parallel"/>.</summary>
public sealed class SagaGroupBuilder
{
    private readonly List<SagaStepDefinition> _steps = [];

    internal IReadOnlyList<SagaStepDefinition> Steps => _steps;

    /// <summary>Adds a step to the group.</summary>
    public SagaGroupBuilder Step(string name, Action<SagaStepBuilder> configure)
    {
        _steps.Add(SagaStepBuilder.Build(name, configure));
        return this;
    }
}
