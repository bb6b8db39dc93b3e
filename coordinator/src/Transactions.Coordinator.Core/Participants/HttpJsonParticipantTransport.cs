using System.Globalization;
using System.Net.Http.Json;
using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Participants;

/// <summary>
/// Phase-2 calls to plain HTTP/JSON participants: <c>POST {endpoint}/confirm</c> or <c>/cancel</c> with
/// <c>{"xid":"…","branchId":"…","resourceId":"…","actionName":"…","actionContext":"…","attempt":1}</c>
/// (ids as strings so 64-bit values survive JavaScript). Any 2xx answer is success.
/// </summary>
public sealed class HttpJsonParticipantTransport(HttpClient httpClient) : IParticipantTransport
{
    /// <inheritdoc />
    public ParticipantProtocol Protocol => ParticipantProtocol.HttpJson;

    /// <inheritdoc />
    public async Task<BranchCallResult> CallAsync(BranchTransaction branch, BranchAction action, int attempt, CancellationToken cancellationToken)
    {
        var url = branch.Endpoint.TrimEnd('/') + (action == BranchAction.Confirm ? "/confirm" : "/cancel");
        var body = new HttpBranchActionRequest(
            branch.Xid.ToString(CultureInfo.InvariantCulture),
            branch.BranchId.ToString(CultureInfo.InvariantCulture),
            branch.ResourceId,
            branch.ActionName,
            branch.ActionContext,
            attempt);
        try
        {
            using var response = await httpClient.PostAsJsonAsync(url, body, HttpParticipantJsonContext.Default.HttpBranchActionRequest, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? BranchCallResult.Success
                : BranchCallResult.Failure($"HTTP {(int)response.StatusCode} {response.ReasonPhrase} from {url}");
        }
        catch (HttpRequestException ex)
        {
            return BranchCallResult.Failure($"HTTP call to {url} failed: {ex.Message}");
        }
    }
}
