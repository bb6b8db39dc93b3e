namespace Transactions.Console.BrowserTests.Stub;

/// <summary>A global transaction held in memory by <see cref="StubAdminApi"/>, shaped like the admin API's.</summary>
public sealed class StubTransaction
{
    public required string Xid { get; init; }

    public required string Name { get; init; }

    public string Kind { get; init; } = "tcc";

    public string ApplicationId { get; init; } = "orders";

    public required string Status { get; set; }

    public bool NeedsAttention { get; set; }

    public long CreatedUnixMs { get; init; }

    public long UpdatedUnixMs { get; set; }

    public long? DeadlineUnixMs { get; init; }

    public long? CompletedUnixMs { get; set; }

    public int Phase2Attempts { get; set; }

    public long? NextAttemptUnixMs { get; set; }

    public string? LastError { get; set; }

    public string? RollbackReason { get; set; }

    public List<StubBranch> Branches { get; } = [];

    public List<StubEvent> Events { get; } = [];

    /// <summary>Adds a history entry.</summary>
    public void AddEvent(long atUnixMs, string kind, string? branchId, string? detail, string actor = "coordinator") =>
        Events.Add(new StubEvent((Events.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), atUnixMs, kind, branchId, actor, detail));

    /// <summary>Saga steps, as the JSON the API answers (empty for TCC).</summary>
    public List<object> Steps { get; } = [];

    /// <summary>The list item JSON.</summary>
    public Dictionary<string, object?> ToListItem() => new()
    {
        ["xid"] = Xid,
        ["name"] = Name,
        ["kind"] = Kind,
        ["applicationId"] = ApplicationId,
        ["status"] = Status,
        ["needsAttention"] = NeedsAttention,
        ["createdUnixMs"] = CreatedUnixMs,
        ["updatedUnixMs"] = UpdatedUnixMs,
        ["branchCount"] = Branches.Count,
        ["phase2Attempts"] = Phase2Attempts,
        ["nextAttemptUnixMs"] = NextAttemptUnixMs,
        ["lastError"] = LastError,
    };

    /// <summary>The detail JSON: the list item's fields and a few more, branches, saga steps, history.</summary>
    public object ToDetail()
    {
        var transaction = ToListItem();
        transaction["rollbackReason"] = RollbackReason;
        transaction["deadlineUnixMs"] = DeadlineUnixMs;
        transaction["completedUnixMs"] = CompletedUnixMs;
        return new
        {
            transaction,
            branches = Branches.Select(b => b.ToJson()).ToList(),
            steps = Steps,
            events = Events.Select(e => e.ToJson()).ToList(),
        };
    }
}
