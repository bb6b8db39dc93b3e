namespace Transactions.Protocol.Sagas;

/// <summary>
/// A saga: groups of steps run one group after the other (the steps of a group concurrently); on a failed
/// step every step that ran or may have run is compensated in reverse order. Built with
/// <see cref="SagaBuilder"/> or parsed from JSON with <see cref="SagaDefinitionJson"/>; checked by
/// <see cref="SagaDefinitionValidator"/>.
/// </summary>
public sealed class SagaDefinition
{
    /// <summary>Business name, e.g. "place-order". Required, at most <see cref="SagaLimits.NameLength"/> characters.</summary>
    public string? Name { get; set; }

    /// <summary>What a failed step leads to. Default: <see cref="SagaFailurePolicy.Compensate"/>.</summary>
    public SagaFailurePolicy FailurePolicy { get; set; } = SagaFailurePolicy.Compensate;

    /// <summary>The groups, in execution order. At least one.</summary>
    public IReadOnlyList<SagaGroup>? Groups { get; set; }
}
