using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Participants;

/// <summary>
/// Phase-2 calls to plain HTTP/JSON participants: <c>POST {endpoint}/confirm</c> or <c>/cancel</c> with
/// <c>{"xid":"…","branchId":"…","resourceId":"…","actionName":"…","actionContext":"…","attempt":1}</c>
/// (ids as strings so 64-bit values survive JavaScript). Any 2xx answer is success.
/// Saga steps: <c>POST {endpoint}/execute</c> or <c>/compensate</c> with <see cref="HttpSagaStepRequest"/>; 2xx is
/// success (an optional body <c>{"output":"…"}</c> carries the step's output), 422 a business failure of the
/// action (compensate, no retry), anything else is retried.
/// </summary>
public sealed class HttpJsonParticipantTransport(HttpClient httpClient) : IParticipantTransport, ISagaParticipantTransport
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

    /// <inheritdoc />
    public async Task<SagaCallResult> CallSagaAsync(SagaStepCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var url = call.Endpoint.TrimEnd('/') + (call.Compensate ? "/compensate" : "/execute");
        var body = new HttpSagaStepRequest(
            call.Xid.ToString(CultureInfo.InvariantCulture),
            call.BranchId.ToString(CultureInfo.InvariantCulture),
            call.ResourceId,
            call.StepName,
            call.ActionName,
            call.Input,
            call.Outputs,
            call.Attempt);
        try
        {
            using var response = await httpClient.PostAsJsonAsync(url, body, HttpParticipantJsonContext.Default.HttpSagaStepRequest, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return SagaCallResult.Success(await ReadOutputAsync(response, cancellationToken).ConfigureAwait(false));
            }

            var error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} from {url}";
            return response.StatusCode == HttpStatusCode.UnprocessableEntity && !call.Compensate
                ? SagaCallResult.Failure(error)
                : SagaCallResult.Retry(error);
        }
        catch (HttpRequestException ex)
        {
            return SagaCallResult.Retry($"HTTP call to {url} failed: {ex.Message}");
        }
    }

    private static async Task<string?> ReadOutputAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return null;
        }

        try
        {
            var body = await response.Content.ReadFromJsonAsync(HttpParticipantJsonContext.Default.HttpSagaStepResponse, cancellationToken).ConfigureAwait(false);
            return body?.Output;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
