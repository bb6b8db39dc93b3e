using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Common.Ids;
using Transactions.ReliableMessage.Producer.Barrier;
using Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.Producer;

/// <summary>
/// Serves <c>reliablemessage.v1.ProducerCheck/Check</c>: Commit when the local transaction's barrier row exists,
/// otherwise writes a "rolled back" barrier and answers Rollback. The answer is never unknown, and final. With the
/// barrier cleaner registered, a message prepared before its retention that has no row is not answered (gRPC
/// FailedPrecondition: its row may have been cleaned, see <see cref="MessageBarrierCleaner{TContext}.MayHaveDeletedRowOf"/>).
/// Mapped by <c>app.MapReliableMessageProducer&lt;TContext&gt;()</c>.
/// </summary>
/// <typeparam name="TContext">The producer's DbContext (with <c>AddMessageBarrier()</c>).</typeparam>
public sealed partial class ProducerCheckHandler<TContext>(
    IServiceScopeFactory scopes,
    IOptions<ReliableMessageProducerOptions> options,
    TimeProvider timeProvider,
    ILogger<ProducerCheckHandler<TContext>> logger)
    : ProducerCheck.ProducerCheckBase
    where TContext : DbContext
{
    /// <summary>Answers one back-check.</summary>
    /// <param name="request">The prepared message to check.</param>
    /// <param name="context">The call.</param>
    /// <returns>Commit or Rollback.</returns>
    /// <exception cref="RpcException">InvalidArgument: the check is for another producer group.</exception>
    public override async Task<CheckResponse> Check(CheckRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var group = options.Value.ProducerGroup!;
        if (!string.IsNullOrEmpty(request.ProducerGroup) && !string.Equals(request.ProducerGroup, group, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"This producer is '{group}', not '{request.ProducerGroup}'."));
        }

        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            if (scope.ServiceProvider.GetService<MessageBarrierCleaner<TContext>>() is { } cleaner
                && cleaner.MayHaveDeletedRowOf(SnowflakeIdGenerator.GetUnixMs(request.MessageId))
                && await MessageBarrier.FindAsync(db, request.MessageId, context.CancellationToken).ConfigureAwait(false) is null)
            {
                // Without its row this check would write "rolled back" and answer Rollback, but the row of a committed
                // local transaction may have been cleaned: refuse to answer, the service parks the message for a person.
                LogRefused(logger, request.MessageId);
                throw new RpcException(new Status(
                    StatusCode.FailedPrecondition,
                    $"Message {request.MessageId} was prepared before the barrier cleaner's retention and has no barrier row: it may have been cleaned, so this producer cannot answer. Resolve the message by hand from the business data."));
            }

            var state = await MessageBarrier.ResolveAsync(db, request.MessageId, group, timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), context.CancellationToken).ConfigureAwait(false);
            LogChecked(logger, request.MessageId, state);
            return new CheckResponse { Decision = state == MessageBarrierState.Committed ? CheckDecision.Commit : CheckDecision.Rollback };
        }
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Back-check of message {MessageId}: {State}")]
    private static partial void LogChecked(ILogger logger, long messageId, MessageBarrierState state);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Error, Message = "Back-check of message {MessageId} refused: it was prepared before the barrier cleaner's retention and has no barrier row (it may have been cleaned); resolve it by hand")]
    private static partial void LogRefused(ILogger logger, long messageId);
}
