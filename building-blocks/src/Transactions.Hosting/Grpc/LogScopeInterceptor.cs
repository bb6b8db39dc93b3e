using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Transactions.Hosting.Grpc;

/// <summary>
/// Puts the ids a request is about into the logging scope of the whole call, so every line logged while serving it
/// carries them: <c>Xid</c> from a request field <c>xid</c> (TC protocol) and <c>MessageId</c> from a field
/// <c>message_id</c> (reliable-message protocol), when set. Fields are found once per message type.
/// </summary>
public sealed class LogScopeInterceptor(ILogger<LogScopeInterceptor> logger) : Interceptor
{
    private static readonly ConcurrentDictionary<MessageDescriptor, ScopeFields> Fields = new();

    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        using var scope = request is IMessage message ? BeginScope(message) : null;
        return await continuation(request, context).ConfigureAwait(false);
    }

    private IDisposable? BeginScope(IMessage message)
    {
        var fields = Fields.GetOrAdd(message.Descriptor, static d => new ScopeFields(Find(d, "xid"), Find(d, "message_id")));
        var xid = fields.Xid?.Accessor.GetValue(message) is long x and not 0 ? x : (long?)null;
        var messageId = fields.MessageId?.Accessor.GetValue(message) is long m and not 0 ? m : (long?)null;
        if (xid is null && messageId is null)
        {
            return null;
        }

        var state = new Dictionary<string, object>(2);
        if (xid is { } xidValue)
        {
            state["Xid"] = xidValue;
        }

        if (messageId is { } messageIdValue)
        {
            state["MessageId"] = messageIdValue;
        }

        return logger.BeginScope(state);
    }

    private static FieldDescriptor? Find(MessageDescriptor descriptor, string name) =>
        descriptor.FindFieldByName(name) is { FieldType: FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64, IsRepeated: false } field ? field : null;

    private sealed record ScopeFields(FieldDescriptor? Xid, FieldDescriptor? MessageId);
}
