using System.Diagnostics;
using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Transactions.Participants.Diagnostics;
using Transactions.Participants.Tcc;
using Transactions.Protocol.V1;

namespace Transactions.Participants.Participant;

/// <summary>
/// The gRPC and HTTP/JSON faces of <see cref="TccPhaseDispatcher"/> (the gRPC methods are served by
/// <see cref="ParticipantGrpcService"/>).
/// </summary>
internal sealed class ParticipantEndpointHandlers(TccPhaseDispatcher dispatcher)
{
    private const string Succeeded = "SUCCEEDED";
    private const string RetryLater = "RETRY_LATER";

    public Task<BranchActionResponse> ConfirmGrpcAsync(BranchActionRequest request, ServerCallContext context) =>
        HandleGrpcAsync(TccPhase.Confirm, request, context);

    public Task<BranchActionResponse> CancelGrpcAsync(BranchActionRequest request, ServerCallContext context) =>
        HandleGrpcAsync(TccPhase.Cancel, request, context);

    public Task ConfirmHttpAsync(HttpContext http) => HandleHttpAsync(TccPhase.Confirm, http);

    public Task CancelHttpAsync(HttpContext http) => HandleHttpAsync(TccPhase.Cancel, http);

    private static string? Validate(long xid, long branchId, string? actionName) =>
        xid <= 0 ? "xid must be a positive 64-bit id."
        : branchId <= 0 ? "branchId must be a positive 64-bit id."
        : string.IsNullOrWhiteSpace(actionName) ? "actionName is required."
        : null;

    private static void Record(Activity? activity, TccPhaseResult result)
    {
        if (!result.Succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Message);
        }
    }

    private static Task WriteAsync(HttpContext http, int statusCode, HttpParticipantResponse body)
    {
        http.Response.StatusCode = statusCode;
        return http.Response.WriteAsJsonAsync(body, ParticipantJsonContext.Default.HttpParticipantResponse, contentType: null, http.RequestAborted);
    }

    private async Task<BranchActionResponse> HandleGrpcAsync(TccPhase phase, BranchActionRequest request, ServerCallContext context)
    {
        if (Validate(request.Xid, request.BranchId, request.ActionName) is { } invalid)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, invalid));
        }

        using var activity = ParticipantsDiagnostics.StartServerSpan($"{phase} {request.ActionName}", context.GetHttpContext(), request.Xid, request.BranchId, request.ActionName);
        var result = await dispatcher.DispatchAsync(
            phase, request.Xid, request.BranchId, request.ResourceId, request.ActionName, request.ActionContext, request.Attempt, context.CancellationToken);
        Record(activity, result);
        return new BranchActionResponse
        {
            Result = result.Succeeded ? BranchActionResult.Succeeded : BranchActionResult.RetryLater,
            Message = result.Message,
        };
    }

    private async Task HandleHttpAsync(TccPhase phase, HttpContext http)
    {
        HttpParticipantRequest? request;
        try
        {
            request = await http.Request.ReadFromJsonAsync(ParticipantJsonContext.Default.HttpParticipantRequest, http.RequestAborted);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, new HttpParticipantResponse(RetryLater, "The body must be a JSON object {xid, branchId, resourceId, actionName, actionContext, attempt}."));
            return;
        }

        var invalid = request is null ? "A JSON body is required." : Validate(request.Xid, request.BranchId, request.ActionName);
        if (invalid is not null)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, new HttpParticipantResponse(RetryLater, invalid));
            return;
        }

        using var activity = ParticipantsDiagnostics.StartServerSpan($"{phase} {request!.ActionName}", http, request.Xid, request.BranchId, request.ActionName);
        var result = await dispatcher.DispatchAsync(
            phase, request.Xid, request.BranchId, request.ResourceId, request.ActionName!, request.ActionContext, request.Attempt, http.RequestAborted);
        Record(activity, result);
        await WriteAsync(
            http,
            result.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
            new HttpParticipantResponse(result.Succeeded ? Succeeded : RetryLater, result.Succeeded ? null : result.Message));
    }
}
