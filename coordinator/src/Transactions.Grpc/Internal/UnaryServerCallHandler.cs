using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transactions.Grpc.Tracing;

namespace Transactions.Grpc.Internal;

/// <summary>
/// Serves one unary method: validates the request, reads the length-prefixed message, runs the interceptors
/// and the handler under the call's deadline, and writes the response with its status trailers.
/// </summary>
internal sealed class UnaryServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method,
    UnaryServerMethod<TRequest, TResponse> handler,
    GrpcServerOptions options,
    TimeProvider timeProvider,
    ILogger logger)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private const string GenericErrorDetail = "Exception was thrown by handler.";

    public async Task HandleCallAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;
        if (!ValidateRequest(httpContext))
        {
            return;
        }

        // gRPC has its own size limit; Kestrel's 30 MB body limit must not cut in first.
        var bodySizeFeature = httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodySizeFeature is { IsReadOnly: false })
        {
            bodySizeFeature.MaxRequestBodySize = null;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocolConstants.ContentType;

        var requestAborted = httpContext.RequestAborted;
        var callToken = requestAborted;
        var deadline = DateTime.MaxValue;
        CancellationTokenSource? deadlineCts = null;
        CancellationTokenRegistration abortRegistration = default;
        var timeoutHeader = request.Headers[GrpcProtocolConstants.TimeoutHeader];
        if (timeoutHeader.Count > 0)
        {
            if (GrpcTimeout.TryParse(timeoutHeader.ToString(), out var timeout))
            {
                var now = timeProvider.GetUtcNow().UtcDateTime;
                deadline = timeout < DateTime.MaxValue - now ? now + timeout : DateTime.MaxValue;
                if (timeout <= GrpcProtocolConstants.MaxTimerDelay)
                {
                    deadlineCts = new CancellationTokenSource(timeout, timeProvider);
                    abortRegistration = requestAborted.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), deadlineCts);
                    callToken = deadlineCts.Token;
                }
            }
            else
            {
                GrpcServerLog.InvalidTimeoutIgnored(logger, timeoutHeader.ToString(), method.FullName);
            }
        }

        var context = new HttpContextServerCallContext(httpContext, method.FullName, deadline, callToken);
        using var activity = GrpcDiagnostics.StartServerCall(method.FullName, httpContext);
        try
        {
            await RunInterceptorsAsync(httpContext, context).ConfigureAwait(false);
            var requestMessage = await ReadRequestAsync(httpContext, callToken).ConfigureAwait(false);

            var handlerTask = InvokeHandler(requestMessage, context);
            TResponse responseMessage;
            if (deadlineCts is null)
            {
                responseMessage = await handlerTask.ConfigureAwait(false);
            }
            else
            {
                try
                {
                    responseMessage = await handlerTask.WaitAsync(callToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!handlerTask.IsCompleted)
                {
                    // The handler ignores its token: end the call now, keep HttpContext alive until it returns.
                    await EndAbandonedCallAsync(httpContext, context, requestAborted, handlerTask).ConfigureAwait(false);
                    return;
                }
            }

            WriteResponse(response, responseMessage);
            MetadataHeaders.WriteTrailers(response, Status.DefaultSuccess, context.ResponseTrailersOrNull, null);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            activity?.SetTag("rpc.grpc.status_code", (int)(ex is RpcException rpc ? rpc.StatusCode : StatusCode.Unknown));
            WriteError(httpContext, context, ex, requestAborted, IsDeadlineExceeded(deadlineCts, requestAborted));
        }
        finally
        {
            abortRegistration.Dispose();
            deadlineCts?.Dispose();
        }
    }

    private static bool IsDeadlineExceeded(CancellationTokenSource? deadlineCts, CancellationToken requestAborted) =>
        deadlineCts is { IsCancellationRequested: true } && !requestAborted.IsCancellationRequested;

    private Task<TResponse> InvokeHandler(TRequest request, ServerCallContext context)
    {
        try
        {
            return handler(request, context) ?? throw new InvalidOperationException("The handler returned a null task.");
        }
        catch (Exception ex)
        {
            // A handler that throws before its first await is treated like one that fails asynchronously.
            return Task.FromException<TResponse>(ex);
        }
    }

    private bool ValidateRequest(HttpContext httpContext)
    {
        var request = httpContext.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            GrpcServerLog.UnsupportedProtocol(logger, request.Protocol, method.FullName);
            WriteHttpError(httpContext.Response, StatusCodes.Status426UpgradeRequired, $"Request protocol '{request.Protocol}' is not supported.");
            httpContext.Response.Headers.Upgrade = "h2c";
            return false;
        }

        if (!GrpcProtocolConstants.IsGrpcContentType(request.ContentType))
        {
            GrpcServerLog.UnsupportedContentType(logger, request.ContentType, method.FullName);
            WriteHttpError(httpContext.Response, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{request.ContentType}' is not supported.");
            return false;
        }

        return true;
    }

    private static void WriteHttpError(HttpResponse response, int httpStatus, string detail)
    {
        response.StatusCode = httpStatus;
        MetadataHeaders.WriteTrailersOnly(response.Headers, new Status(StatusCode.Internal, detail), null, null);
    }

    private static async ValueTask RunInterceptorsAsync(HttpContext httpContext, ServerCallContext context)
    {
        var interceptors = httpContext.RequestServices.GetServices<IGrpcServerInterceptor>();
        if (interceptors is IGrpcServerInterceptor[] { Length: 0 })
        {
            return;
        }

        foreach (var interceptor in interceptors)
        {
            await interceptor.InterceptAsync(context).ConfigureAwait(false);
        }
    }

    private async ValueTask<TRequest> ReadRequestAsync(HttpContext httpContext, CancellationToken cancellationToken)
    {
        var reader = httpContext.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (result.IsCanceled)
            {
                throw new OperationCanceledException("Reading the request was cancelled.");
            }

            if (GrpcFraming.TryReadHeader(buffer, out var compressedFlag, out var length))
            {
                var invalid = GrpcFraming.Validate(
                    compressedFlag, length, options.MaxReceiveMessageSize, GetEncoding(httpContext.Request), isServer: true);
                if (invalid is { } status)
                {
                    if (status.StatusCode == StatusCode.Unimplemented)
                    {
                        httpContext.Response.Headers[GrpcProtocolConstants.AcceptEncodingHeader] = GrpcProtocolConstants.IdentityEncoding;
                    }

                    throw new RpcException(status);
                }

                var frameLength = GrpcProtocolConstants.MessageHeaderSize + (long)length;
                if (buffer.Length >= frameLength)
                {
                    var message = Parse(buffer.Slice(GrpcProtocolConstants.MessageHeaderSize, length));
                    var hasMore = buffer.Length > frameLength;
                    reader.AdvanceTo(buffer.GetPosition(frameLength));
                    if (hasMore)
                    {
                        throw new RpcException(StatusCode.Internal, "Additional data after the request message; a unary call takes exactly one message.");
                    }

                    if (!result.IsCompleted)
                    {
                        await ReadToEndAsync(reader, cancellationToken).ConfigureAwait(false);
                    }

                    return message;
                }
            }

            if (result.IsCompleted)
            {
                throw new RpcException(
                    StatusCode.Internal,
                    buffer.IsEmpty ? "The request did not include a message." : "Incomplete request message: the request ended inside it.");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static async ValueTask ReadToEndAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (!result.Buffer.IsEmpty)
            {
                throw new RpcException(StatusCode.Internal, "Additional data after the request message; a unary call takes exactly one message.");
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(result.Buffer.End);
                return;
            }

            if (result.IsCanceled)
            {
                throw new OperationCanceledException("Reading the request was cancelled.");
            }

            reader.AdvanceTo(result.Buffer.End);
        }
    }

    private TRequest Parse(in ReadOnlySequence<byte> payload)
    {
        try
        {
            return method.RequestParser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Failed to deserialize the request message: {ex.Message}"), null, ex);
        }
    }

    private static string? GetEncoding(HttpRequest request)
    {
        var values = request.Headers[GrpcProtocolConstants.EncodingHeader];
        return values.Count == 0 ? null : values.ToString();
    }

    private void WriteResponse(HttpResponse response, TResponse message)
    {
        if (message is null)
        {
            throw new InvalidOperationException("The handler returned a null response message.");
        }

        var size = message.CalculateSize();
        if (options.MaxSendMessageSize is int maxSend && size > maxSend)
        {
            throw new RpcException(
                StatusCode.ResourceExhausted,
                $"Sending message exceeds the maximum configured message size ({size} bytes > {maxSend} bytes).");
        }

        var writer = response.BodyWriter;
        GrpcFraming.WriteHeader(writer.GetSpan(GrpcProtocolConstants.MessageHeaderSize), size);
        writer.Advance(GrpcProtocolConstants.MessageHeaderSize);
        if (size > 0)
        {
            message.WriteTo(writer);
        }
    }

    private void WriteError(
        HttpContext httpContext, HttpContextServerCallContext context, Exception exception, CancellationToken requestAborted, bool deadlineExceeded)
    {
        if (requestAborted.IsCancellationRequested)
        {
            // The client reset the stream or went away: there is nobody to answer.
            GrpcServerLog.CallCancelledByClient(logger, method.FullName);
            return;
        }

        Status status;
        Metadata? extraTrailers = null;
        switch (exception)
        {
            case RpcException rpc:
                status = rpc.Status;
                extraTrailers = rpc.Trailers;
                GrpcServerLog.RpcStatus(logger, method.FullName, status.StatusCode, status.Detail ?? string.Empty);
                break;
            case OperationCanceledException when deadlineExceeded:
                status = new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
                GrpcServerLog.DeadlineExceeded(logger, method.FullName, context.Deadline);
                break;
            default:
                GrpcServerLog.ErrorExecutingServiceMethod(logger, method.FullName, exception);
                status = new Status(
                    StatusCode.Internal,
                    options.EnableDetailedErrors ? $"{GenericErrorDetail} {exception.GetType().Name}: {exception.Message}" : GenericErrorDetail);
                break;
        }

        WriteStatus(httpContext.Response, status, context.ResponseTrailersOrNull, extraTrailers);
    }

    private static void WriteStatus(HttpResponse response, Status status, Metadata? trailers, Metadata? extraTrailers)
    {
        if (response.HasStarted)
        {
            MetadataHeaders.WriteTrailers(response, status, trailers, extraTrailers);
        }
        else
        {
            // Trailers-only: the status travels in the single HEADERS frame that ends the stream.
            MetadataHeaders.WriteTrailersOnly(response.Headers, status, trailers, extraTrailers);
        }
    }

    private async Task EndAbandonedCallAsync(
        HttpContext httpContext, HttpContextServerCallContext context, CancellationToken requestAborted, Task<TResponse> handlerTask)
    {
        if (!requestAborted.IsCancellationRequested)
        {
            GrpcServerLog.DeadlineExceeded(logger, method.FullName, context.Deadline);
            WriteStatus(httpContext.Response, new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), context.ResponseTrailersOrNull, null);
            try
            {
                await httpContext.Response.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
            {
                GrpcServerLog.CallCancelledByClient(logger, method.FullName);
            }
        }
        else
        {
            GrpcServerLog.CallCancelledByClient(logger, method.FullName);
        }

        try
        {
            await handlerTask.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            GrpcServerLog.HandlerFailedAfterCallEnded(logger, method.FullName, ex);
        }
    }
}
