using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Samples.Contracts.Orders;
using Samples.Hosting.Hosting;
using Samples.Hosting.Logging;
using Samples.Order.Participants;
using Samples.Order.Shipments;
using Transactions.Participants;

namespace Samples.Order.Orders;

/// <summary>The order service's HTTP API.</summary>
public static partial class OrderEndpoints
{
    private const int MaxIdLength = 64;

    /// <summary>Reading the order back after its commit: about 4 s of retries through a database blip.</summary>
    private static readonly ResiliencePipeline PostCommitRead = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
            MaxRetryAttempts = 4,
            Delay = TimeSpan.FromMilliseconds(250),
            BackoffType = DelayBackoffType.Exponential,
        })
        .Build();

    /// <summary>How long a rolled-back order's answer waits for the order's own Cancel.</summary>
    private static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(10);

    /// <summary>Maps <c>/api/orders</c>.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapOrderEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api/orders");
        api.MapPost("/", PlaceAsync).AddEndpointFilter(AnswerDatabaseOutagesAsync);
        api.MapGet("/", async (OrderDbContext db, CancellationToken cancellationToken) =>
            Results.Ok((await db.Orders.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(o => o.CreatedAt).Select(o => o.ToView())));
        api.MapGet("/{orderId}", async (string orderId, OrderDbContext db, CancellationToken cancellationToken) =>
            await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken) is { } order
                ? Results.Ok(order.ToView())
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No order '{orderId}'."));
        return app;
    }

    /// <summary>
    /// The order database failed before a commit (after one, <see cref="PlaceAsync"/> answers from what it knows): the
    /// order was not placed, or its transaction rolled back. 503 with Retry-After, as for the other outages.
    /// </summary>
    private static async ValueTask<object?> AnswerDatabaseOutagesAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex) when (IsDatabaseOutage(ex))
        {
            var http = context.HttpContext;
            LogOutage(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Samples.Order.Orders"), "(not placed)", "the order database", ex.Message);
            http.Response.Headers.RetryAfter = "5";
            return Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "A service the order needs is unavailable; the order was not placed.",
                detail: "The order database did not answer: send the order again in a few seconds (a new request id).");
        }
    }

    /// <summary>A transient database failure (connection refused or lost, timeout, busy) anywhere in the exception's chain.</summary>
    private static bool IsDatabaseOutage(Exception ex)
    {
        for (var current = ex; current is not null; current = current.InnerException)
        {
            if (current is System.Data.Common.DbException { IsTransient: true } or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Places an order. 201: confirmed. 202: the commit is decided but a participant's Confirm is still being
    /// retried (the order turns Confirmed once it succeeds). 200: an order for this request id exists already (a
    /// retry): that order. 409: rolled back by the business (the body says why and holds the cancelled order when it
    /// was created). 503 (Retry-After): rolled back because the coordinator, a participant or the order database could
    /// not be reached; the body names which, never its address. 504: outcome unknown. 400: invalid input.
    /// </summary>
    private static async Task<IResult> PlaceAsync(
        PlaceOrderRequest request,
        HttpContext http,
        OrderDbContext db,
        IOrderPlacement placement,
        ShipmentCommitter shipments,
        IOptions<OrderOptions> options,
        ILoggerFactory loggers,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var validation = new RequestValidation()
            .Text(nameof(request.RequestId), request.RequestId, MaxIdLength)
            .Text(nameof(request.UserId), request.UserId, MaxIdLength)
            .Text(nameof(request.Sku), request.Sku, MaxIdLength)
            .Range(nameof(request.Quantity), request.Quantity, 1, 1_000);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        if (await FindByRequestAsync(db, request.RequestId!, cancellationToken) is { } existing)
        {
            return Results.Ok(existing.ToView());
        }

        var logger = loggers.CreateLogger("Samples.Order.Orders");
        var order = new NewOrder(Guid.NewGuid().ToString("N"), request.RequestId!, request.UserId!, request.Sku!, request.Quantity, request.Quantity * options.Value.PointsPerUnit);
        long xid;
        try
        {
            xid = await placement.PlaceAsync(order, cancellationToken);
        }
        catch (DuplicateOrderRequestException)
        {
            // The same request, retried while the first one was running: answer with the first one's order.
            return await FindByRequestAsync(db, order.RequestId, CancellationToken.None) is { } first
                ? Results.Ok(first.ToView())
                : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The order was not placed.", detail: "A concurrent request with the same request id failed.");
        }
        catch (TransactionOutcomeUnknownException ex)
        {
            // The coordinator could not be reached until the transaction's deadline: the commit may or may not have
            // been recorded. Never "accepted": the order may still end Confirmed or Cancelled.
            LogOutcomeUnknown(logger, order.OrderId, ex.Xid);
            return Results.Problem(
                statusCode: StatusCodes.Status504GatewayTimeout,
                title: "The order's outcome is not known yet.",
                detail: $"The transaction coordinator did not answer the commit before the transaction's deadline; order {order.OrderId} " +
                    $"may still end Confirmed or Cancelled: GET /api/orders/{order.OrderId} shows it, or send the same request id again.");
        }
        catch (Exception ex) when (Outage(ex) is { } unavailable)
        {
            // Infrastructure, not the order: 503 and "try again", never the internal address or error (logged only).
            LogOutage(logger, order.OrderId, unavailable, ex.Message);
            var cancelled = await SettleRolledBackAsync(db, order.OrderId, $"{unavailable} was unavailable", timeProvider);
            http.Response.Headers.RetryAfter = "5";
            return Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "A service the order needs is unavailable; the order was not placed.",
                detail: $"{char.ToUpperInvariant(unavailable[0])}{unavailable[1..]} did not answer. " +
                    (cancelled is null ? "Nothing was recorded: " : $"Order {cancelled.Id} was cancelled: ") + "send the order again in a few seconds (a new request id).",
                extensions: new Dictionary<string, object?> { ["order"] = cancelled?.ToView() });
        }
        catch (Exception ex) when (ex is ParticipantRefusedException or HttpRequestException or TransactionException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var reason = ex.Message;
            var cancelled = await SettleRolledBackAsync(db, order.OrderId, reason, timeProvider);
            using (cancelled is null ? null : SampleLogScopes.ForXid(logger, cancelled.Xid))
            {
                LogRolledBack(logger, order.OrderId, reason);
            }

            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The order was rolled back.",
                detail: reason,
                extensions: new Dictionary<string, object?> { ["order"] = cancelled?.ToView() });
        }

        // The commit is decided and durable: from here on the answer must say so, even when this service's own
        // database blips now (read retried briefly; then 202 from what is known: the order turns Confirmed).
        var placed = await ReadPlacedAsync(db, order.OrderId, logger);
        if (placed is null)
        {
            return Results.Accepted(
                $"/api/orders/{order.OrderId}",
                new OrderView(order.OrderId, order.RequestId, order.UserId, order.Sku, order.Quantity, order.Points, OrderStatus.Pending, xid.ToString(CultureInfo.InvariantCulture), null));
        }

        if (placed.ShipmentMessageId is { } messageId)
        {
            await shipments.CommitAsync(messageId, placed.Id, CancellationToken.None);
        }

        return placed.Status == OrderStatus.Confirmed
            ? Results.Created($"/api/orders/{placed.Id}", placed.ToView())
            : Results.Accepted($"/api/orders/{placed.Id}", placed.ToView());
    }

    /// <summary>The committed order, read with a few retries; null (logged) when the database does not answer.</summary>
    private static async Task<OrderRecord?> ReadPlacedAsync(OrderDbContext db, string orderId, ILogger logger)
    {
        try
        {
            return await PostCommitRead.ExecuteAsync(
                async ct => await db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId, ct),
                CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPostCommitReadFailed(logger, orderId, ex.Message);
            return null;
        }
    }

    /// <summary>What was unavailable ("the stock service", "the transaction coordinator"), or null when <paramref name="ex"/> is not an outage.</summary>
    private static string? Outage(Exception ex) => ex switch
    {
        ParticipantUnavailableException unavailable => $"the {unavailable.Service} service",
        TransactionCoordinatorException { StatusCode: Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.DeadlineExceeded } => "the transaction coordinator",
        _ => null,
    };

    /// <summary>
    /// After a rollback: gives the order's own Cancel a moment (the failing participant's report may have started the
    /// rollback and its Cancel calls can still be running) so the answer shows Cancelled, records the reason, returns the order.
    /// </summary>
    private static async Task<OrderRecord?> SettleRolledBackAsync(OrderDbContext db, string orderId, string reason, TimeProvider timeProvider)
    {
        await WaitFinishedAsync(db, orderId, timeProvider);
        await db.Orders
            .Where(o => o.Id == orderId && o.Status == OrderStatus.Cancelled)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Reason, reason), CancellationToken.None);
        return await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, CancellationToken.None);
    }

    private static async Task WaitFinishedAsync(OrderDbContext db, string orderId, TimeProvider timeProvider)
    {
        var deadline = timeProvider.GetUtcNow() + CancelWait;
        while (await db.Orders.AsNoTracking().AnyAsync(o => o.Id == orderId && o.Status == OrderStatus.Pending, CancellationToken.None)
            && timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), timeProvider, CancellationToken.None);
        }
    }

    private static Task<OrderRecord?> FindByRequestAsync(OrderDbContext db, string requestId, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.RequestId == requestId, cancellationToken);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Order {OrderId}: commit outcome unknown (xid {Xid}): the coordinator was not reached before the deadline; the order may end Confirmed or Cancelled")]
    private static partial void LogOutcomeUnknown(ILogger logger, string orderId, long? xid);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Order {OrderId} rolled back: {Unavailable} was unavailable ({Error}); answered 503")]
    private static partial void LogOutage(ILogger logger, string orderId, string unavailable, string error);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Order {OrderId} rolled back: {Reason}")]
    private static partial void LogRolledBack(ILogger logger, string orderId, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Order {OrderId} committed, but reading it back failed ({Error}); answered 202 from the request")]
    private static partial void LogPostCommitReadFailed(ILogger logger, string orderId, string error);
}
