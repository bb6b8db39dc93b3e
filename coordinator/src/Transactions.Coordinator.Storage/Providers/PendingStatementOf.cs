using Npgsql;

namespace Transactions.Coordinator.Storage.Providers;

/// <summary>A <see cref="PendingStatement"/> whose result is a <typeparamref name="T"/>.</summary>
internal sealed class PendingStatement<T>(
    long xid, string sql, NpgsqlParameter[] parameters, Func<NpgsqlDataReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    : PendingStatement(xid, sql, parameters, cancellationToken)
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _value;

    /// <summary>Completes when the statement's batch has committed (or failed).</summary>
    public Task<T> Task => _completion.Task;

    /// <inheritdoc />
    public override async Task ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken) =>
        _value = await read(reader, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public override void Complete() => _completion.TrySetResult(_value!);

    /// <inheritdoc />
    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    /// <inheritdoc />
    public override void Cancel() => _completion.TrySetCanceled(CancellationToken);
}
