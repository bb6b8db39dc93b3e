using System.Text.Json.Serialization;

namespace Transactions.Participants.Participant;

/// <summary>
/// Body of <c>POST {prefix}/confirm|cancel</c>, as the coordinator sends it: ids as strings (numbers are
/// accepted too) so 64-bit values survive JavaScript.
/// </summary>
internal sealed class HttpParticipantRequest
{
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long Xid { get; set; }

    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long BranchId { get; set; }

    public string? ResourceId { get; set; }

    public string? ActionName { get; set; }

    public string? ActionContext { get; set; }

    public int Attempt { get; set; }
}
