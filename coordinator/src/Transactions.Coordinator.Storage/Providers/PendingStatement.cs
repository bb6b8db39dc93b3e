using Npgsql;

namespace Transactions.Coordinator.Storage.Providers;

/// <summary>
/// One statement waiting for its turn in <see cref="PostgreSqlGroupCommit"/>: its SQL and parameters, the
/// global transaction it touches (batches lock rows in xid order), how to read its result, and its caller.
/// The result read from the batch is held back until the batch has committed.
/// </summary>
internal abstract class PendingStatement(long xid, string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
{
    /// <summary>The global transaction whose rows the statement locks (0 for none).</summary>
    public long Xid { get; } = xid;

    /// <summary>The statement's text.</summary>
    public string Sql { get; } = sql;

    /// <summary>Its parameters.</summary>
    public NpgsqlParameter[] Parameters { get; } = parameters;

    /// <summary>The caller's token: a statement whose caller gave up before its batch left is not sent.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Reads the statement's result set and keeps the value until <see cref="Complete"/>.</summary>
    public abstract Task ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken);

    /// <summary>Answers the caller with the value read: only once the batch is durable.</summary>
    public abstract void Complete();

    /// <summary>Answers the caller with a failure.</summary>
    public abstract void Fail(Exception exception);

    /// <summary>Answers the caller that it gave up.</summary>
    public abstract void Cancel();
}
