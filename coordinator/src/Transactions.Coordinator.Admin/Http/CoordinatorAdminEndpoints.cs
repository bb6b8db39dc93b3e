using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Transactions.Admin.Security;
using Transactions.Coordinator.Admin.Actions;
using Transactions.Coordinator.Admin.DeadLetters;
using Transactions.Coordinator.Admin.Queries;
using Transactions.Coordinator.Diagnostics;
using Transactions.Common.Audit;

namespace Transactions.Coordinator.Admin.Http;

/// <summary>Maps the admin REST API under <c>/api/v1/admin</c>: any admin key reads, operator keys act.</summary>
public static class CoordinatorAdminEndpoints
{
    /// <summary>Maps the endpoints; requires <c>AddCoordinatorAdmin</c>.</summary>
    public static IEndpointRouteBuilder MapCoordinatorAdmin(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var admin = endpoints.MapGroup("/api/v1/admin").RequireAuthorization(AdminAuthentication.ReadPolicy).WithTags("Admin");

        admin.MapGet("/whoami", (ClaimsPrincipal user) =>
            Results.Ok(new WhoAmI(Actor(user), user.FindFirst(ClaimTypes.Role)?.Value ?? nameof(AdminRole.ReadOnly))));
        admin.MapGet("/transactions", (string? status, string? name, string? needsAttention, string? resource, string? minAgeSeconds, string? limit, string? cursor, AdminQueries queries, CancellationToken ct) =>
            AdminErrors.RunAsync(async () => Results.Ok(await queries.ListAsync(AdminRequests.List(status, name, needsAttention, resource, minAgeSeconds, limit, cursor), ct).ConfigureAwait(false))));
        admin.MapGet("/transactions/counts", (AdminQueries queries, CancellationToken ct) =>
            AdminErrors.RunAsync(async () => Results.Ok(await queries.CountAsync(ct).ConfigureAwait(false))));
        admin.MapGet("/transactions/{xid}", (string xid, AdminQueries queries, CancellationToken ct) =>
            AdminErrors.RunAsync(async () => Results.Ok(await queries.GetAsync(AdminRequests.Id(xid, "xid"), ct).ConfigureAwait(false))));
        admin.MapGet("/audit", (string? target, string? actor, string? before, string? limit, IAuditLog audit, CancellationToken ct) =>
            AdminErrors.RunAsync(async () => Results.Ok(await audit.ListAsync(AdminRequests.Audit(target, actor, before, limit), ct).ConfigureAwait(false))));
        admin.MapGet("/dead-letters", (string? consumerGroup, DeadLetterReader reader, CancellationToken ct) => reader.ListAsync(consumerGroup, ct));
        admin.MapGet("/metrics", (CoordinatorMetrics metrics) => Results.Ok(metrics.Read()));

        var operate = admin.MapGroup("/transactions/{xid}").RequireAuthorization(AdminAuthentication.OperatePolicy);
        operate.MapPost("/retry", (string xid, AdminActionRequest? body, ClaimsPrincipal user, CoordinatorAdminActions actions, CancellationToken ct) =>
            AdminErrors.RunAsync(async () => Results.Ok(await actions.RetryNowAsync(Actor(user), AdminRequests.Id(xid, "xid"), body?.Reason, ct).ConfigureAwait(false))));
        operate.MapPost("/redrive", (string xid, AdminActionRequest? body, ClaimsPrincipal user, CoordinatorAdminActions actions, CancellationToken ct) =>
            AdminErrors.RunAsync(async () => Results.Ok(await actions.RedriveAsync(Actor(user), AdminRequests.Id(xid, "xid"), body?.Reason, ct).ConfigureAwait(false))));
        operate.MapPost("/force-rollback", (string xid, AdminActionRequest? body, ClaimsPrincipal user, CoordinatorAdminActions actions, CancellationToken ct) =>
            AdminErrors.RunAsync(async () => Results.Ok(await actions.ForceRollbackAsync(Actor(user), AdminRequests.Id(xid, "xid"), body?.Reason, ct).ConfigureAwait(false))));
        operate.MapPost("/delete", (string xid, AdminActionRequest? body, ClaimsPrincipal user, CoordinatorAdminActions actions, CancellationToken ct) =>
            AdminErrors.RunAsync(async () => Results.Ok(await actions.DeleteAsync(Actor(user), AdminRequests.Id(xid, "xid"), body?.Reason, ct).ConfigureAwait(false))));
        operate.MapPost("/branches/{branchId}/resolve", (string xid, string branchId, AdminActionRequest? body, ClaimsPrincipal user, CoordinatorAdminActions actions, CancellationToken ct) =>
            AdminErrors.RunAsync(async () => Results.Ok(await actions.ResolveBranchAsync(Actor(user), AdminRequests.Id(xid, "xid"), AdminRequests.Id(branchId, "branchId"), body?.Reason, ct).ConfigureAwait(false))));
        return endpoints;
    }

    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}
