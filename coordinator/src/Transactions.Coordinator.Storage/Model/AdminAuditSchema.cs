namespace Transactions.Coordinator.Storage.Model;

/// <summary>Table, column and index names of the admin audit log (<c>tx_admin_audit</c>).</summary>
public static class AdminAuditSchema
{
    /// <summary>Table name.</summary>
    public const string Table = "tx_admin_audit";

    /// <summary>Identity; the list's cursor.</summary>
    public const string Id = "id";

    /// <summary>When.</summary>
    public const string AtUnixMs = "at_unix_ms";

    /// <summary>The API key's name.</summary>
    public const string Actor = "actor";

    /// <summary>The action.</summary>
    public const string Action = "action";

    /// <summary>What it was applied to.</summary>
    public const string Target = "target";

    /// <summary>Why.</summary>
    public const string Reason = "reason";

    /// <summary>State before (JSON).</summary>
    public const string Before = "before_state";

    /// <summary>State after (JSON).</summary>
    public const string After = "after_state";

    /// <summary>done / refused / not-found.</summary>
    public const string Outcome = "outcome";

    /// <summary>Index of (target, id): a target's actions in order.</summary>
    public const string TargetIndex = "ix_tx_admin_audit_target";

    /// <summary>Actions, targets and actors.</summary>
    public const int NameLength = 256;

    /// <summary>Reasons, states and outcomes.</summary>
    public const int TextLength = 4096;
}
