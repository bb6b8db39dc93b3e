using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Transactions.Participants.Participant;
using Transactions.Protocol.V1;

namespace Transactions.Participants.Saga;

/// <summary>
/// The gRPC and HTTP/JSON faces of <see cref="SagaStepDispatcher"/> (the gRPC methods are served by
/// <see cref="ParticipantGrpcService"/>).
/// </summary>
internal sealed class SagaEndpointHandlers(SagaStepDispatcher dispatcher)
{
    public Task<SagaStepResponse> ExecuteGrpcAsync(SagaStepRequest request, ServerCallContext context) => HandleGrpcAsync(false, request, context);

    public Task<SagaStepResponse> CompensateGrpcAsync(SagaStepRequest request, ServerCallContext context) => HandleGrpcAsync(true, request, context);

    public Task ExecuteHttpAsync(HttpContext http) => HandleHttpAsync(false, http);

    public Task CompensateHttpAsync(HttpContext http) => HandleHttpAsync(true, http);

    private static string? Validate(long xid, long branchId, string? actionName) =>
        xid <= 0 ? "xid must be a positive 64-bit id."
        : branchId <= 0 ? "branchId must be a positive 64-bit id."
        : string.IsNullOrWhiteSpace(actionName) ? "actionName is required."
        : null;

    private async Task<SagaStepResponse> HandleGrpcAsync(bool compensate, SagaStepRequest request, ServerCallContext context)
    {
        if (Validate(request.Xid, request.BranchId, request.ActionName) is { } invalid)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, invalid));
        }

        return await dispatcher.DispatchAsync(compensate, request, context.CancellationToken);
    }

    private async Task HandleHttpAsync(bool compensate, HttpContext http)
    {
        HttpSagaStepRequest? body;
        try
        {
            body = await http.Request.ReadFromJsonAsync(ParticipantJsonContext.Default.HttpSagaStepRequest, http.RequestAborted);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            body = null;
        }

        var invalid = body is null ? "The body must be a JSON object {xid, branchId, stepName, actionName, input, outputs, attempt}." : Validate(body.Xid, body.BranchId, body.ActionName);
        if (invalid is not null)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, new HttpSagaStepResponse("RETRY_LATER", null, invalid));
            return;
        }

        var request = new SagaStepRequest
        {
            Xid = body!.Xid,
            BranchId = body.BranchId,
            ResourceId = body.ResourceId ?? string.Empty,
            StepName = body.StepName ?? string.Empty,
            ActionName = body.ActionName!,
            Input = body.Input ?? string.Empty,
            Attempt = body.Attempt,
        };
        foreach (var (name, output) in body.Outputs ?? [])
        {
            request.Outputs[name] = output;
        }

        var response = await dispatcher.DispatchAsync(compensate, request, http.RequestAborted);
        var (status, result) = response.Result switch
        {
            SagaStepResult.Succeeded => (StatusCodes.Status200OK, "SUCCEEDED"),
            SagaStepResult.Failed => (StatusCodes.Status422UnprocessableEntity, "FAILED"),
            _ => (StatusCodes.Status503ServiceUnavailable, "RETRY_LATER"),
        };
        await WriteAsync(http, status, new HttpSagaStepResponse(result, response.Output.Length == 0 ? null : response.Output, response.Message.Length == 0 ? null : response.Message));
    }

    private static Task WriteAsync(HttpContext http, int statusCode, HttpSagaStepResponse body)
    {
        http.Response.StatusCode = statusCode;
        return http.Response.WriteAsJsonAsync(body, ParticipantJsonContext.Default.HttpSagaStepResponse, contentType: null, http.RequestAborted);
    }
}
