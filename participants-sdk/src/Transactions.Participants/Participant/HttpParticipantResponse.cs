namespace Transactions.Participants.Participant;

/// <summary>Answer of the HTTP/JSON participant routes: <c>{"result":"SUCCEEDED"}</c> (200) or <c>{"result":"RETRY_LATER","message":"..."}</c> (503).</summary>
internal sealed record HttpParticipantResponse(string Result, string? Message);
