namespace Transactions.Participants.Fence;

/// <summary>
/// One row of the TCC fence table, keyed by (<see cref="Xid"/>, <see cref="BranchId"/>). Mapped by
/// <c>modelBuilder.AddTccFence()</c> into the participant's own DbContext. Times are Unix milliseconds
/// (UTC) so that every provider, SQLite included, can compare them in queries.
/// </summary>
public sealed class TccFenceRecord
{
    /// <summary>Largest accepted <see cref="ActionName"/> length (column size).</summary>
    public const int ActionNameMaxLength = 128;

    /// <summary>Global transaction id.</summary>
    public long Xid { get; set; }

    /// <summary>Branch id, unique within the global transaction.</summary>
    public long BranchId { get; set; }

    /// <summary>Name of the TCC action (for diagnostics), at most <see cref="ActionNameMaxLength"/> characters.</summary>
    public string ActionName { get; set; } = string.Empty;

    /// <summary>Current state of the branch.</summary>
    public TccFenceState State { get; set; }

    /// <summary>When the row was inserted, Unix milliseconds (UTC).</summary>
    public long CreatedUnixMs { get; set; }

    /// <summary>When the state last changed, Unix milliseconds (UTC); the cleaner's age criterion.</summary>
    public long UpdatedUnixMs { get; set; }

    /// <summary>
    /// Output of a saga step's action (<see cref="ITccFence{TContext}.TryKeepingOutputAsync"/>), returned to a
    /// duplicate Execute; null for TCC branches and actions without output. Column <c>output</c> (nullable text):
    /// only saga steps read or write it.
    /// </summary>
    public string? Output { get; set; }
}
