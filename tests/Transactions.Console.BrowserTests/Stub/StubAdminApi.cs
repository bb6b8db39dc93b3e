using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Admin.Security;
using Transactions.Console.BrowserTests.Infrastructure;

namespace Transactions.Console.BrowserTests.Stub;

/// <summary>
/// A real Kestrel on 127.0.0.1 serving the console (<c>MapAdminConsole</c>) and an in-memory implementation of the
/// coordinator's admin REST API contract (<c>/api/v1/admin</c>), behind the real API-key security of
/// Transactions.Admin. It holds one stuck transaction (Committing, needs attention, with a last error), one rolled
/// back saga, and one Active transaction whose name is markup (the page must show it as text).
/// </summary>
public sealed class StubAdminApi : IAsyncDisposable
{
    public const string OperatorKey = "operator-key-0123456789";
    public const string OperatorName = "alice";
    public const string ReadOnlyKey = "viewer-key-0123456789";
    public const string ReadOnlyName = "bob";

    public const string StuckXid = "coordinator-1:7001";
    public const string StuckName = "PlaceOrder";
    public const string StuckLastError = "Confirm of inventory.reserve failed: HTTP 503 Service Unavailable from http://127.0.0.1:5302/tcc (attempt 6)";
    public const string ActiveXid = "coordinator-1:7002";
    public const string SagaXid = "coordinator-1:7003";
    public const string DeadLettersNotConfigured = "The reliable-message service is not configured (Admin:ReliableMessage:BaseUrl).";
    public const string MarkupName = "<img src=x data-injected=1> & \"quotes\"";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, StubTransaction> _transactions = new(StringComparer.Ordinal);
    private readonly List<RecordedAction> _actions = [];
    private readonly ConcurrentDictionary<string, string> _refusals = new(StringComparer.Ordinal);
    private WebApplication? _app;

    private StubAdminApi()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var stuck = new StubTransaction
        {
            Xid = StuckXid,
            Name = StuckName,
            Status = "Committing",
            NeedsAttention = true,
            CreatedUnixMs = now - (47 * 60_000),
            UpdatedUnixMs = now - 60_000,
            DeadlineUnixMs = now - (46 * 60_000),
            Phase2Attempts = 6,
            NextAttemptUnixMs = now + (30 * 60_000),
            LastError = StuckLastError,
        };
        stuck.Branches.Add(new StubBranch { BranchId = "7101", Ordinal = 1, ResourceId = "payments", ActionName = "charge", Status = "Confirmed", Attempts = 1 });
        stuck.Branches.Add(new StubBranch { BranchId = "7102", Ordinal = 2, ResourceId = "inventory", ActionName = "reserve", Status = "Registered", Attempts = 6, LastError = StuckLastError, NextRetryUnixMs = now + (30 * 60_000) });
        stuck.AddEvent(now - (47 * 60_000), "Begun", null, null);
        stuck.AddEvent(now - (47 * 60_000) + 40, "BranchRegistered", "7101", "payments.charge");
        stuck.AddEvent(now - (47 * 60_000) + 80, "BranchRegistered", "7102", "inventory.reserve");
        stuck.AddEvent(now - (46 * 60_000), "CommitDecided", null, null);
        stuck.AddEvent(now - 60_000, "Phase2Failed", "7102", StuckLastError);
        _transactions.Add(stuck.Xid, stuck);

        var saga = new StubTransaction { Xid = SagaXid, Name = "BookTrip", Kind = "saga", Status = "RolledBack", CreatedUnixMs = now - 120_000, UpdatedUnixMs = now - 110_000, CompletedUnixMs = now - 110_000, RollbackReason = "step hotel failed: no rooms" };
        saga.Steps.Add(new { branchId = "7301", ordinal = 1, group = 0, name = "flight", status = "Compensated", attempts = 1, compensationAttempts = 1, lastError = (string?)null, nextRetryUnixMs = (long?)null });
        saga.Steps.Add(new { branchId = "7302", ordinal = 2, group = 1, name = "hotel", status = "Failed", attempts = 1, compensationAttempts = 0, lastError = "no rooms", nextRetryUnixMs = (long?)null });
        saga.AddEvent(now - 120_000, "Begun", null, null);
        saga.AddEvent(now - 110_000, "RolledBack", null, "step hotel failed: no rooms");
        _transactions.Add(saga.Xid, saga);

        var active = new StubTransaction { Xid = ActiveXid, Name = MarkupName, Status = "Active", CreatedUnixMs = now - 5_000, UpdatedUnixMs = now - 5_000, DeadlineUnixMs = now + 55_000 };
        active.AddEvent(now - 5_000, "Begun", null, null);
        _transactions.Add(active.Xid, active);
    }

    /// <summary>The server's address and keys.</summary>
    public ConsoleTarget Target { get; private set; } = null!;

    /// <summary>
    /// The dead letters the API relays; null (default) answers 404 as a coordinator without a reliable-message
    /// service does.
    /// </summary>
    public IReadOnlyList<StubDeadLetter>? DeadLetters { get; set; }

    /// <summary>The actions received so far.</summary>
    public IReadOnlyList<RecordedAction> Actions
    {
        get
        {
            lock (_gate)
            {
                return [.. _actions];
            }
        }
    }

    /// <summary>The next <paramref name="action"/> is answered 409 with <paramref name="detail"/>.</summary>
    public void RefuseNext(string action, string detail) => _refusals[action] = detail;

    /// <summary>A transaction's current status, or null once deleted.</summary>
    public string? StatusOf(string xid)
    {
        lock (_gate)
        {
            return _transactions.TryGetValue(xid, out var tx) ? tx.Status : null;
        }
    }

    /// <summary>Starts the server on a free loopback port.</summary>
    public static async Task<StubAdminApi> StartAsync(CancellationToken cancellationToken = default)
    {
        var stub = new StubAdminApi();
        (stub._app, var address) = await LoopbackWebApp.StartAsync(
            services => services.AddAdminSecurity(options =>
            {
                options.ApiKeys.Add(new AdminApiKey { Name = OperatorName, Hash = ApiKeyHash.Compute(OperatorKey), Role = AdminRole.Operator });
                options.ApiKeys.Add(new AdminApiKey { Name = ReadOnlyName, Hash = ApiKeyHash.Compute(ReadOnlyKey), Role = AdminRole.ReadOnly });
            }),
            app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
                app.MapAdminConsole();
                stub.MapApi(app.MapGroup("/api/v1/admin"));
            },
            cancellationToken);
        stub.Target = new ConsoleTarget(address, OperatorKey, ReadOnlyKey);
        return stub;
    }

    private void MapApi(RouteGroupBuilder api)
    {
        var read = api.MapGroup("").RequireAuthorization(AdminAuthentication.ReadPolicy);
        read.MapGet("/whoami", (ClaimsPrincipal user) => Results.Json(new
        {
            name = user.Identity!.Name,
            role = user.IsInRole(nameof(AdminRole.Operator)) ? nameof(AdminRole.Operator) : nameof(AdminRole.ReadOnly),
        }));
        read.MapGet("/transactions", (string? status, string? name, bool? needsAttention) =>
        {
            lock (_gate)
            {
                var items = _transactions.Values
                    .Where(t => status is null || t.Status == status)
                    .Where(t => name is null || t.Name.Contains(name, StringComparison.OrdinalIgnoreCase))
                    .Where(t => needsAttention is not true || t.NeedsAttention)
                    .OrderBy(t => t.CreatedUnixMs)
                    .Select(t => t.ToListItem())
                    .ToList();
                return Results.Json(new { items, nextCursor = (string?)null });
            }
        });
        read.MapGet("/transactions/counts", () =>
        {
            lock (_gate)
            {
                var byStatus = new[] { "Active", "Committing", "Committed", "RollingBack", "RolledBack" }
                    .ToDictionary(s => s, s => _transactions.Values.Count(t => t.Status == s));
                return Results.Json(new { byStatus, needsAttention = _transactions.Values.Count(t => t.NeedsAttention) });
            }
        });
        read.MapGet("/transactions/{xid}", (string xid) =>
        {
            lock (_gate)
            {
                return _transactions.TryGetValue(xid, out var tx) ? Results.Json(tx.ToDetail()) : NotFound(xid);
            }
        });
        read.MapGet("/audit", () =>
        {
            lock (_gate)
            {
                return Results.Json(_actions.Select((a, i) => new { id = i + 1, actor = a.Actor, action = a.Action, target = a.Xid, reason = a.Reason, outcome = a.Outcome }));
            }
        });
        read.MapGet("/dead-letters", () => DeadLetters is { } letters
            ? Results.Json(letters.Select(l => l.ToJson()))
            : Results.Problem(detail: DeadLettersNotConfigured, statusCode: StatusCodes.Status404NotFound));

        var operate = api.MapGroup("").RequireAuthorization(AdminAuthentication.OperatePolicy);
        operate.MapPost("/transactions/{xid}/{action}", (string xid, string action, ReasonRequest? body, ClaimsPrincipal user) =>
            Act(user, action, xid, null, body));
        operate.MapPost("/transactions/{xid}/branches/{branchId}/resolve", (string xid, string branchId, ReasonRequest? body, ClaimsPrincipal user) =>
            Act(user, "resolve", xid, branchId, body));
    }

    private IResult Act(ClaimsPrincipal user, string action, string xid, string? branchId, ReasonRequest? body)
    {
        var reason = body?.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 1024)
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["reason"] = ["A reason of 1 to 1024 characters is required."] },
                detail: "A reason of 1 to 1024 characters is required.");
        }

        lock (_gate)
        {
            if (!_transactions.TryGetValue(xid, out var tx))
            {
                return NotFound(xid);
            }

            var refusal = _refusals.TryRemove(action, out var configured) ? configured : Refusal(tx, action, branchId);
            var outcome = refusal is null ? Apply(tx, action, branchId, reason, user.Identity!.Name!) : "refused: " + refusal;
            _actions.Add(new RecordedAction(user.Identity!.Name!, action, xid, branchId, reason, outcome));
            return refusal is null
                ? Results.Json(new { status = tx.Status, outcome })
                : Results.Problem(detail: refusal, statusCode: StatusCodes.Status409Conflict, title: "The action was refused.");
        }
    }

    private static string? Refusal(StubTransaction tx, string action, string? branchId)
    {
        var inPhaseTwo = tx.Status is "Committing" or "RollingBack";
        return action switch
        {
            "retry" or "redrive" when !inPhaseTwo => $"Transaction {tx.Xid} is {tx.Status}: only a transaction in phase 2 (Committing or RollingBack) can be retried.",
            "force-rollback" when tx.Status != "Active" => $"Transaction {tx.Xid} is {tx.Status}: only an Active transaction can be rolled back by force.",
            "delete" when inPhaseTwo || tx.Status == "Active" => $"Transaction {tx.Xid} is {tx.Status}: only a finished transaction can be deleted.",
            "resolve" when !inPhaseTwo || tx.Branches.All(b => b.BranchId != branchId || b.Status != "Registered") =>
                $"Branch {branchId} of {tx.Xid} cannot be resolved: the transaction must be in phase 2 and the branch Registered.",
            "retry" or "redrive" or "force-rollback" or "delete" or "resolve" => null,
            _ => $"Unknown action {action}.",
        };
    }

    private string Apply(StubTransaction tx, string action, string? branchId, string reason, string actor)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        tx.AddEvent(now, "admin-" + action, branchId, reason, actor);
        switch (action)
        {
            case "resolve":
                tx.Branches.Single(b => b.BranchId == branchId).Status = "ManuallyResolved";
                if (tx.Branches.All(b => b.Status != "Registered"))
                {
                    Complete(tx, now);
                }

                break;
            case "force-rollback":
                tx.Status = "RollingBack";
                tx.RollbackReason = reason;
                Complete(tx, now);
                break;
            case "delete":
                _transactions.Remove(tx.Xid);
                return "Deleted";
            default: // retry, redrive: the participant answers this time
                tx.Phase2Attempts++;
                Complete(tx, now);
                break;
        }

        return tx.Status;
    }

    private static void Complete(StubTransaction tx, long now)
    {
        var committing = tx.Status == "Committing";
        foreach (var branch in tx.Branches.Where(b => b.Status == "Registered"))
        {
            branch.Status = committing ? "Confirmed" : "Cancelled";
            branch.Attempts++;
            branch.NextRetryUnixMs = null;
        }

        tx.Status = committing ? "Committed" : "RolledBack";
        tx.NeedsAttention = false;
        tx.LastError = null;
        tx.NextAttemptUnixMs = null;
        tx.UpdatedUnixMs = now;
        tx.CompletedUnixMs = now;
        tx.AddEvent(now, tx.Status, null, null);
    }

    private static IResult NotFound(string xid) =>
        Results.Problem(detail: $"No transaction {xid}.", statusCode: StatusCodes.Status404NotFound);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
