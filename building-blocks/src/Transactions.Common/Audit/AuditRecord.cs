namespace Transactions.Common.Audit;

/// <summary>One administrator action as written to the audit log: who did what to which target, when, why, and what changed.</summary>
public sealed class AuditRecord
{
    /// <summary>Assigned by the store; increases with every record (the list's cursor).</summary>
    public long Id { get; init; }

    /// <summary>When the action was taken (UTC, Unix milliseconds).</summary>
    public long AtUnixMs { get; init; }

    /// <summary>The name of the API key that acted.</summary>
    public required string Actor { get; init; }

    /// <summary>The action, e.g. <c>requeue</c>, <c>force-rollback</c>.</summary>
    public required string Action { get; init; }

    /// <summary>What it was applied to, e.g. <c>message/42/delivery/billing</c> or <c>transaction/7</c>.</summary>
    public required string Target { get; init; }

    /// <summary>Why, as the operator wrote it (required for every action).</summary>
    public required string Reason { get; init; }

    /// <summary>The target's state before the action (compact JSON), when it existed.</summary>
    public string? Before { get; init; }

    /// <summary>The target's state after the action (compact JSON), when it exists.</summary>
    public string? After { get; init; }

    /// <summary><c>done</c>, or <c>refused: …</c> / <c>not-found</c> for actions that changed nothing.</summary>
    public required string Outcome { get; init; }
}
