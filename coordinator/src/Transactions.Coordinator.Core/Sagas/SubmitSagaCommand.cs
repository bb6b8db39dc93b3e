namespace Transactions.Coordinator.Sagas;

/// <summary>Input of <see cref="SagaCoordinator.SubmitAsync"/>.</summary>
/// <param name="DefinitionJson">The definition (JSON form).</param>
/// <param name="IdempotencyKey">Optional; a repeat with the same key (per application) returns the same saga.</param>
/// <param name="ApplicationId">Optional caller name.</param>
/// <param name="WaitMs">How long to wait for the outcome (0: answer once accepted).</param>
public sealed record SubmitSagaCommand(string? DefinitionJson, string? IdempotencyKey, string? ApplicationId, int WaitMs);
