using Transactions.Coordinator.Storage;
using Grpc.Core;

namespace Transactions.Coordinator.Security;

/// <summary>
/// Ownership rules of the TC protocol: which application a Begin or SubmitSaga records, and whether the caller may
/// act on an existing transaction (by its stored application id). Refusals are PermissionDenied.
/// </summary>
public sealed class TransactionAccess(ITransactionStore store, ApplicationKeyRing ring)
{
    private const string AnyApplication = "*";

    /// <summary>
    /// The application a new transaction is recorded under: the key's application when a key was presented (a
    /// different <paramref name="requestedApplicationId"/> is refused), else the requested one, unless that is a
    /// configured application, which must present its key.
    /// </summary>
    /// <param name="requestedApplicationId">The request's <c>application_id</c> (empty when none).</param>
    /// <param name="context">The call context.</param>
    /// <returns>The application id to record, or the requested value unchanged.</returns>
    public string? ResolveOwner(string? requestedApplicationId, ServerCallContext context)
    {
        var requested = string.IsNullOrEmpty(requestedApplicationId) ? null : requestedApplicationId;
        var caller = CallerApplication.Get(context);
        if (caller is not null)
        {
            return requested is null || string.Equals(requested, caller.ApplicationId, StringComparison.Ordinal)
                ? caller.ApplicationId
                : throw new RpcException(new Status(StatusCode.PermissionDenied, $"application_id '{requested}' does not match the application of the key presented ('{caller.ApplicationId}')."));
        }

        if (requested is not null && ring.IsConfigured(requested))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"Application '{requested}' has a key: present it in the '{ApplicationSecurityOptions.KeyHeader}' metadata."));
        }

        return requestedApplicationId;
    }

    /// <summary>
    /// Throws PermissionDenied when the caller may not act on transaction <paramref name="xid"/>. An unknown xid passes
    /// (the engine answers NotFound). Reads the transaction only when applications are configured.
    /// </summary>
    /// <param name="xid">The transaction.</param>
    /// <param name="context">The call context.</param>
    /// <param name="asParticipant">True for RegisterBranch and ReportBranch, which <see cref="ApplicationCredential.ParticipatesIn"/> may allow.</param>
    /// <returns>A task that completes when the check passed.</returns>
    public async Task EnsureAccessAsync(long xid, ServerCallContext context, bool asParticipant = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ring.IsEmpty)
        {
            return;
        }

        var transaction = await store.FindAsync(xid, context.CancellationToken).ConfigureAwait(false);
        if (transaction is null)
        {
            return;
        }

        var owner = string.IsNullOrEmpty(transaction.ApplicationId) ? null : transaction.ApplicationId;
        var caller = CallerApplication.Get(context);
        if (caller is null)
        {
            // Only reachable when keys are not required: anonymous callers keep access to everything but the
            // transactions of applications that have a key.
            if (owner is not null && ring.IsConfigured(owner))
            {
                throw Denied(xid, owner);
            }

            return;
        }

        if (owner is null)
        {
            if (ring.RequireKeys)
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied, $"Transaction {xid} belongs to no application; with Security:RequireApplicationKeys only transactions begun with an application key can be used."));
            }

            return;
        }

        if (string.Equals(owner, caller.ApplicationId, StringComparison.Ordinal)
            || (asParticipant && caller.ParticipatesIn.Any(p => p == AnyApplication || string.Equals(p, owner, StringComparison.Ordinal))))
        {
            return;
        }

        throw Denied(xid, owner);
    }

    private static RpcException Denied(long xid, string owner) =>
        new(new Status(StatusCode.PermissionDenied, $"Transaction {xid} belongs to application '{owner}'."));
}
