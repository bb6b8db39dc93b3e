namespace Transactions.Participants.Interception;

/// <summary>The "result" of a method returning <see cref="Task"/> or <see cref="ValueTask"/>, so one generic path serves all four shapes.</summary>
internal readonly record struct VoidResult;
