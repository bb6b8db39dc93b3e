namespace Transactions.Participants;

/// <summary>
/// The transaction manager (TM) API: begins global transactions imperatively. The declarative
/// equivalent is <see cref="GlobalTransactionalAttribute"/>. Registered by <c>services.AddTransactions(...)</c>.
/// </summary>
/// <example>
/// <code>
/// await using var tx = await transactionManager.BeginAsync("create-order", TimeSpan.FromSeconds(30), ct);
/// await stock.FreezeAsync(sku, quantity, ct);        // TCC Try: registers a branch with tx.Xid
/// await points.AddAsync(userId, points, ct);          // another service: the tx-xid header carries the XID
/// await tx.CommitAsync(ct);                           // without it, disposing the scope rolls back
/// </code>
/// </example>
public interface ITransactionManager
{
    /// <summary>
    /// Begins a global transaction and makes it the ambient one (<see cref="TransactionContext.CurrentXid"/>) of
    /// the calling flow until the returned scope is disposed. Inside an ambient transaction it joins it instead
    /// (<see cref="IGlobalTransactionScope.IsJoined"/>): the outermost scope decides. Await it directly in the
    /// method that uses the scope: the ambient XID is set in the caller's flow.
    /// </summary>
    /// <param name="name">Business name, e.g. <c>create-order</c> (1 to 128 characters).</param>
    /// <param name="timeout">
    /// How long the transaction may stay active before the coordinator rolls it back; <see langword="null"/> for
    /// <see cref="TransactionsOptions.DefaultTimeout"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the Begin call.</param>
    /// <returns>The scope: commit it, or dispose it to roll back.</returns>
    /// <exception cref="TransactionCoordinatorException">The coordinator refused or could not be reached.</exception>
    Task<IGlobalTransactionScope> BeginAsync(string name, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Reads a global transaction's status and branches from the coordinator.</summary>
    /// <param name="xid">The global transaction id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The transaction as the coordinator sees it.</returns>
    /// <exception cref="TransactionCoordinatorException">Unknown xid (<c>NotFound</c>) or the coordinator could not be reached.</exception>
    Task<GlobalTransactionInfo> GetStatusAsync(long xid, CancellationToken cancellationToken = default);
}
