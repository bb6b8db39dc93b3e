namespace Transactions.Participants.Saga;

/// <summary>Answer of the HTTP/JSON saga routes: 200 <c>{"result":"SUCCEEDED","output":"…"}</c>, 422 FAILED, 503 RETRY_LATER.</summary>
internal sealed record HttpSagaStepResponse(string Result, string? Output, string? Message);
