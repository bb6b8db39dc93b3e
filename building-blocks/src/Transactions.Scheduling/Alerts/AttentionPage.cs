namespace Transactions.Scheduling.Alerts;

/// <summary>What one sweep read: the flagging events, and the cursor the next sweep starts after.</summary>
/// <param name="Events">The events, oldest id first.</param>
/// <param name="Cursor">The last history row id examined (never lower than the cursor the sweep started from).</param>
public sealed record AttentionPage(IReadOnlyList<AttentionEvent> Events, long Cursor);
