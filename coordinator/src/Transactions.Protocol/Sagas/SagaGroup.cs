namespace Transactions.Protocol.Sagas;

/// <summary>Steps run concurrently; the next group starts when every step of this one succeeded.</summary>
public sealed class SagaGroup
{
    /// <summary>The steps. At least one.</summary>
    public IReadOnlyList<SagaStepDefinition>? Steps { get; set; }
}
