namespace Transactions.Participants.Fence;

/// <summary>Where <c>modelBuilder.AddTccFence()</c> maps the fence table.</summary>
public sealed class TccFenceModelOptions
{
    /// <summary>Default table name: <c>tcc_fence</c>.</summary>
    public const string DefaultTableName = "tcc_fence";

    /// <summary>
    /// Table name. Default <c>tcc_fence</c> (<see cref="DefaultTableName"/>). Columns are always
    /// <c>xid, branch_id, action_name, state, created_unix_ms, updated_unix_ms</c>.
    /// </summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>
    /// Schema, or <see langword="null"/> (the default) for the model's default schema. SQLite has no
    /// schemas: leave it <see langword="null"/> there.
    /// </summary>
    public string? Schema { get; set; }
}
