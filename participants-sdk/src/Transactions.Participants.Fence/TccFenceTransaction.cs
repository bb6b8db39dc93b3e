using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Transactions.Participants.Fence;

/// <summary>
/// The local unit one fence attempt runs in: a transaction of its own on the context, or, when the
/// caller already has a transaction open on it, a savepoint inside that transaction (so a failure undoes
/// the fence change and the business change but leaves the caller's transaction usable, PostgreSQL
/// included). Not thread-safe, like the DbContext it wraps.
/// </summary>
internal sealed class TccFenceTransaction : IAsyncDisposable
{
    private const string SavepointName = "tcc_fence";

    private readonly DatabaseFacade database;
    private readonly IDbContextTransaction? callerTransaction;
    private IDbContextTransaction? ownTransaction;
    private bool active;

    public TccFenceTransaction(DatabaseFacade database)
    {
        this.database = database;
        callerTransaction = database.CurrentTransaction;
    }

    /// <summary>Whether the fence joined a transaction the caller opened (savepoint mode).</summary>
    public bool JoinsCallerTransaction => callerTransaction is not null;

    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        if (callerTransaction is not null)
        {
            await callerTransaction.CreateSavepointAsync(SavepointName, cancellationToken);
        }
        else
        {
            ownTransaction = await database.BeginTransactionAsync(cancellationToken);
        }

        active = true;
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        active = false;
        if (callerTransaction is not null)
        {
            await callerTransaction.ReleaseSavepointAsync(SavepointName, cancellationToken);
            return;
        }

        var transaction = ownTransaction!;
        ownTransaction = null;
        try
        {
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await transaction.DisposeAsync();
        }
    }

    /// <summary>Rolls the current attempt back; does nothing when no attempt is open. Never cancellable.</summary>
    public async Task RollbackAsync()
    {
        if (!active)
        {
            return;
        }

        active = false;
        if (callerTransaction is not null)
        {
            await callerTransaction.RollbackToSavepointAsync(SavepointName, CancellationToken.None);
            await callerTransaction.ReleaseSavepointAsync(SavepointName, CancellationToken.None);
            return;
        }

        var transaction = ownTransaction!;
        ownTransaction = null;
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        finally
        {
            await transaction.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (ownTransaction is not null)
        {
            // Disposing an uncommitted transaction rolls it back.
            await ownTransaction.DisposeAsync();
            ownTransaction = null;
        }

        active = false;
    }
}
