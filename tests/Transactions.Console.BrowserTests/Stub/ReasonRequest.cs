namespace Transactions.Console.BrowserTests.Stub;

/// <summary>The body of every admin action: <c>{ "reason": "..." }</c>.</summary>
/// <param name="Reason">Why, for the audit log (required, at most 1024 characters).</param>
public sealed record ReasonRequest(string? Reason);
