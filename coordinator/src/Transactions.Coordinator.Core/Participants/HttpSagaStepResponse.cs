namespace Transactions.Coordinator.Participants;

/// <summary>Optional body of a successful HTTP/JSON saga Execute: the step's output.</summary>
public sealed record HttpSagaStepResponse(string? Output, string? Message);
