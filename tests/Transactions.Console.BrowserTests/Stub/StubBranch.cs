namespace Transactions.Console.BrowserTests.Stub;

/// <summary>A branch of a <see cref="StubTransaction"/>, shaped like the admin API's branch.</summary>
public sealed class StubBranch
{
    public required string BranchId { get; init; }

    public int Ordinal { get; init; }

    public required string ResourceId { get; init; }

    public required string ActionName { get; init; }

    public string BranchType { get; init; } = "Tcc";

    public string Endpoint { get; init; } = "http://127.0.0.1:5301/tcc";

    public string Protocol { get; init; } = "http";

    public string Status { get; set; } = "Registered";

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public long? NextRetryUnixMs { get; set; }

    /// <summary>The JSON the API answers.</summary>
    public object ToJson() => new
    {
        branchId = BranchId,
        ordinal = Ordinal,
        resourceId = ResourceId,
        actionName = ActionName,
        branchType = BranchType,
        endpoint = Endpoint,
        protocol = Protocol,
        status = Status,
        attempts = Attempts,
        lastError = LastError,
        nextRetryUnixMs = NextRetryUnixMs,
    };
}
