using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Transactions.Grpc.Internal;
using Transactions.Grpc.Tracing;

namespace Transactions.Grpc;

/// <summary>
/// A client connection to one gRPC server address: makes unary calls over HTTP/2 (h2c prior knowledge for
/// <c>http://</c>, TLS with ALPN for <c>https://</c>). Thread-safe; create one per address and reuse it for
/// every call, since it owns one pooled HTTP client.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private const int InitialReceiveBufferSize = 1024;

    private readonly HttpMessageInvoker _invoker;
    private readonly int _maxReceiveMessageSize;
    private readonly int? _maxSendMessageSize;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, Uri> _methodUris = new(StringComparer.Ordinal);
    private int _disposed;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        if (options.MaxReceiveMessageSize <= 0)
        {
            throw new ArgumentException("MaxReceiveMessageSize must be positive.", nameof(options));
        }

        if (options.MaxSendMessageSize is <= 0)
        {
            throw new ArgumentException("MaxSendMessageSize must be positive or null.", nameof(options));
        }

        Address = address;
        _maxReceiveMessageSize = options.MaxReceiveMessageSize;
        _maxSendMessageSize = options.MaxSendMessageSize;
        _timeProvider = options.TimeProvider ?? TimeProvider.System;
        _invoker = options.HttpHandler is { } handler
            ? new HttpMessageInvoker(handler, disposeHandler: false)
            : new HttpMessageInvoker(CreateDefaultHandler(), disposeHandler: true);
    }

    /// <summary>The server address, e.g. <c>http://127.0.0.1:5000</c>.</summary>
    public Uri Address { get; }

    /// <summary>Creates a channel to <paramref name="address"/>.</summary>
    /// <param name="address">An absolute <c>http://</c> or <c>https://</c> address.</param>
    /// <param name="options">Channel options; defaults when null.</param>
    /// <returns>The channel; dispose it when done.</returns>
    /// <exception cref="ArgumentException">The address is not an absolute http or https URI, or an option is invalid.</exception>
    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"'{address}' is not an absolute URI such as http://127.0.0.1:5000.", nameof(address));
        }

        return ForAddress(uri, options);
    }

    /// <summary>Creates a channel to <paramref name="address"/>.</summary>
    /// <param name="address">An absolute <c>http://</c> or <c>https://</c> address.</param>
    /// <param name="options">Channel options; defaults when null.</param>
    /// <returns>The channel; dispose it when done.</returns>
    /// <exception cref="ArgumentException">The address is not an absolute http or https URI, or an option is invalid.</exception>
    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{address}' is not an absolute http:// or https:// address.", nameof(address));
        }

        return new GrpcChannel(address, options ?? new GrpcChannelOptions());
    }

    /// <summary>
    /// Makes a unary call.
    /// </summary>
    /// <typeparam name="TRequest">The request message type.</typeparam>
    /// <typeparam name="TResponse">The response message type.</typeparam>
    /// <param name="method">The method to call.</param>
    /// <param name="request">The request message.</param>
    /// <param name="options">Headers, deadline and cancellation of the call.</param>
    /// <returns>The response message.</returns>
    /// <exception cref="RpcException">
    /// The call failed: the server's status, or a local one (<see cref="StatusCode.Unavailable"/> when the server
    /// cannot be reached, <see cref="StatusCode.DeadlineExceeded"/>, <see cref="StatusCode.Cancelled"/>,
    /// <see cref="StatusCode.ResourceExhausted"/> for messages over the size limits).
    /// </exception>
    /// <exception cref="ObjectDisposedException">The channel was disposed.</exception>
    public Task<TResponse> UnaryAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
        => CallAsync(method, request, options, metadata: null);

    /// <summary>
    /// Makes a unary call and also returns the response headers and trailers the server sent.
    /// </summary>
    /// <typeparam name="TRequest">The request message type.</typeparam>
    /// <typeparam name="TResponse">The response message type.</typeparam>
    /// <param name="method">The method to call.</param>
    /// <param name="request">The request message.</param>
    /// <param name="options">Headers, deadline and cancellation of the call.</param>
    /// <returns>The response message with the server's metadata.</returns>
    /// <exception cref="RpcException">The call failed; see <see cref="UnaryAsync{TRequest, TResponse}"/>.</exception>
    /// <exception cref="ObjectDisposedException">The channel was disposed.</exception>
    public async Task<UnaryCallResult<TResponse>> UnaryWithMetadataAsync<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var metadata = new ReceivedMetadata();
        var response = await CallAsync(method, request, options, metadata).ConfigureAwait(false);
        return new UnaryCallResult<TResponse>(response, metadata.Headers ?? Metadata.Empty, metadata.Trailers ?? Metadata.Empty);
    }

    /// <summary>Closes the channel's connections (when it owns its handler). Calls in progress fail.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _invoker.Dispose();
        }
    }

    private static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = GrpcDefaults.PooledConnectionIdleTimeout,
        ConnectTimeout = GrpcDefaults.ConnectTimeout,
        KeepAlivePingDelay = GrpcDefaults.KeepAlivePingDelay,
        KeepAlivePingTimeout = GrpcDefaults.KeepAlivePingTimeout,
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
    };

    private async Task<TResponse> CallAsync<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, CallOptions options, ReceivedMetadata? metadata)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);

        var callerToken = options.CancellationToken;
        if (callerToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."));
        }

        var deadline = DateTime.MaxValue;
        TimeSpan? timeout = null;
        if (options.Deadline is { } requested && requested != DateTime.MaxValue)
        {
            deadline = requested.Kind == DateTimeKind.Local ? requested.ToUniversalTime() : requested;
            var remaining = deadline - _timeProvider.GetUtcNow().UtcDateTime;
            if (remaining <= TimeSpan.Zero)
            {
                throw new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));
            }

            timeout = remaining;
        }

        var size = request.CalculateSize();
        if (_maxSendMessageSize is int maxSend && size > maxSend)
        {
            throw new RpcException(
                StatusCode.ResourceExhausted,
                $"Sending message exceeds the maximum configured message size ({size} bytes > {maxSend} bytes).");
        }

        using var httpRequest = CreateRequest(method.FullName, request, size, options.Headers, timeout);

        CancellationTokenSource? callCts = null;
        CancellationTokenRegistration callerRegistration = default;
        var callToken = callerToken;
        if (timeout is { } t)
        {
            callCts = t <= GrpcProtocolConstants.MaxTimerDelay
                ? new CancellationTokenSource(t, _timeProvider)
                : new CancellationTokenSource();
            if (callerToken.CanBeCanceled)
            {
                callerRegistration = callerToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), callCts);
            }

            callToken = callCts.Token;
        }

        try
        {
            using var response = await _invoker.SendAsync(httpRequest, callToken).ConfigureAwait(false);
            return await ReadResponseAsync(method, response, metadata, callToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && !callerToken.IsCancellationRequested && DeadlinePassed(deadline, callCts))
        {
            // PROTOCOL-HTTP2.md: a CANCELLED call whose deadline has expired is reported as DEADLINE_EXCEEDED.
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), null, ex);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw CreateCallException(ex, callerToken, DeadlinePassed(deadline, callCts));
        }
        finally
        {
            callerRegistration.Dispose();
            callCts?.Dispose();
        }
    }

    private bool DeadlinePassed(DateTime deadline, CancellationTokenSource? callCts) =>
        deadline != DateTime.MaxValue
        && (callCts is { IsCancellationRequested: true } || _timeProvider.GetUtcNow().UtcDateTime >= deadline);

    private HttpRequestMessage CreateRequest(string fullName, IMessage message, int size, Metadata? headers, TimeSpan? timeout)
    {
        var uri = _methodUris.GetOrAdd(fullName, static (name, address) => new Uri(address, name), Address);
        var httpRequest = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new GrpcRequestContent(message, size),
        };

        var requestHeaders = httpRequest.Headers;
        if (timeout is { } t)
        {
            // Sent first after the pseudo-headers, as the spec recommends.
            requestHeaders.TryAddWithoutValidation(GrpcProtocolConstants.TimeoutHeader, GrpcTimeout.Format(t));
        }

        requestHeaders.TryAddWithoutValidation(GrpcProtocolConstants.TeHeader, GrpcProtocolConstants.TeTrailers);
        var hasUserAgent = headers is { Count: > 0 } && MetadataHeaders.AddToRequest(requestHeaders, headers);
        if (!hasUserAgent)
        {
            requestHeaders.TryAddWithoutValidation(GrpcProtocolConstants.UserAgentHeader, GrpcProtocolConstants.UserAgent);
        }

        // W3C trace context of the caller's span, so the server's span joins the same trace.
        TraceContext.Inject(requestHeaders);
        return httpRequest;
    }

    private async Task<TResponse> ReadResponseAsync<TRequest, TResponse>(
        Method<TRequest, TResponse> method, HttpResponseMessage response, ReceivedMetadata? metadata, CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            // A grpc-status, when present, wins over the HTTP status (http-grpc-status-mapping.md).
            var httpStatus = MetadataHeaders.TryGetStatus(response.Headers)
                ?? new Status(
                    HttpStatusMapping.FromHttpStatus((int)response.StatusCode),
                    $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}");
            throw new RpcException(httpStatus, MetadataHeaders.FromResponse(response.Headers));
        }

        if (MetadataHeaders.TryGetStatus(response.Headers) is { } trailersOnlyStatus)
        {
            // Trailers-only response: the status and trailers are in the headers and there is no message.
            var trailers = MetadataHeaders.FromResponse(response.Headers);
            metadata?.Set(trailers, trailers);
            throw trailersOnlyStatus.StatusCode == StatusCode.OK
                ? new RpcException(new Status(StatusCode.Internal, "The server returned OK without a response message."), trailers)
                : new RpcException(trailersOnlyStatus, trailers);
        }

        var contentType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var contentTypes)
            ? contentTypes.ToString()
            : null;
        if (!GrpcProtocolConstants.IsGrpcContentType(contentType))
        {
            throw new RpcException(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: '{contentType}'.");
        }

        var responseHeaders = metadata is null ? null : MetadataHeaders.FromResponse(response.Headers);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var message = await ReadMessageAsync(method.ResponseParser, stream, GetEncoding(response), cancellationToken).ConfigureAwait(false);

            var status = MetadataHeaders.TryGetStatus(response.TrailingHeaders)
                ?? new Status(StatusCode.Unknown, "Bad gRPC response. No grpc-status found in the response trailers.");
            var trailers = MetadataHeaders.FromResponse(response.TrailingHeaders);
            metadata?.Set(responseHeaders!, trailers);
            if (status.StatusCode != StatusCode.OK)
            {
                throw new RpcException(status, trailers);
            }

            return message ?? throw new RpcException(
                new Status(StatusCode.Internal, "The server returned OK without a response message."), trailers);
        }
    }

    private async ValueTask<TResponse?> ReadMessageAsync<TResponse>(
        MessageParser<TResponse> parser, Stream stream, string? encoding, CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse>
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialReceiveBufferSize);
        try
        {
            var filled = await stream.ReadAtLeastAsync(buffer, GrpcProtocolConstants.MessageHeaderSize, throwOnEndOfStream: false, cancellationToken)
                .ConfigureAwait(false);
            if (filled == 0)
            {
                return null;
            }

            if (!GrpcFraming.TryReadHeader(buffer.AsSpan(0, filled), out var compressedFlag, out var length))
            {
                throw new RpcException(StatusCode.Internal, "Incomplete response message: the response ended inside its prefix.");
            }

            if (GrpcFraming.Validate(compressedFlag, length, _maxReceiveMessageSize, encoding, isServer: false) is { } invalid)
            {
                throw new RpcException(invalid);
            }

            var frameLength = GrpcProtocolConstants.MessageHeaderSize + (int)length;
            if (frameLength > buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(frameLength);
                buffer.AsSpan(0, filled).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            if (filled < frameLength)
            {
                filled += await stream.ReadAtLeastAsync(
                    buffer.AsMemory(filled), frameLength - filled, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (filled < frameLength)
                {
                    throw new RpcException(StatusCode.Internal, "Incomplete response message: the response ended inside it.");
                }
            }

            TResponse message;
            try
            {
                message = parser.ParseFrom(buffer.AsSpan(GrpcProtocolConstants.MessageHeaderSize, (int)length));
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw new RpcException(new Status(StatusCode.Internal, $"Failed to deserialize the response message: {ex.Message}"), null, ex);
            }

            // A unary response has exactly one message; reading to the end also receives the trailers.
            if (filled > frameLength
                || await stream.ReadAsync(buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) != 0)
            {
                throw new RpcException(StatusCode.Internal, "Additional data after the response message; a unary call returns exactly one message.");
            }

            return message;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? GetEncoding(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues(GrpcProtocolConstants.EncodingHeader, out var values) ? values.ToString() : null;

    private static RpcException CreateCallException(Exception exception, CancellationToken callerToken, bool deadlinePassed)
    {
        if (callerToken.IsCancellationRequested)
        {
            return new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."), null, exception);
        }

        if (deadlinePassed)
        {
            return new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), null, exception);
        }

        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpProtocolException protocol)
            {
                return new RpcException(
                    new Status(
                        HttpStatusMapping.FromHttp2ErrorCode(protocol.ErrorCode),
                        $"The HTTP/2 stream was reset (error code {protocol.ErrorCode}): {protocol.Message}"),
                    null,
                    exception);
            }
        }

        return exception switch
        {
            HttpRequestException http => new RpcException(
                new Status(StatusCode.Unavailable, $"Error starting gRPC call. {nameof(HttpRequestException)}: {http.Message}"), null, exception),
            IOException io => new RpcException(
                new Status(StatusCode.Unavailable, $"Error reading the gRPC response. {io.GetType().Name}: {io.Message}"), null, exception),
            OperationCanceledException => new RpcException(new Status(StatusCode.Cancelled, "Call canceled."), null, exception),
            _ => new RpcException(
                new Status(StatusCode.Internal, $"Error in gRPC call. {exception.GetType().Name}: {exception.Message}"), null, exception),
        };
    }
}
