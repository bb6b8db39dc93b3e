using System.Text.Json.Serialization;

namespace Transactions.Participants.Saga;

/// <summary>Body of <c>POST {prefix}/execute|compensate</c>: ids as strings (numbers accepted too).</summary>
internal sealed class HttpSagaStepRequest
{
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long Xid { get; set; }

    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long BranchId { get; set; }

    public string? ResourceId { get; set; }

    public string? StepName { get; set; }

    public string? ActionName { get; set; }

    public string? Input { get; set; }

    public Dictionary<string, string>? Outputs { get; set; }

    public int Attempt { get; set; }
}
