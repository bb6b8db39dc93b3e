using System.Data.Common;

namespace Transactions.Locking;

/// <summary>
/// Helpers for writes protected by a fencing token. The protected table keeps the highest token that wrote each row
/// and refuses a lower one in the same statement:
/// <code>
/// UPDATE accounts SET balance = @balance, fence_token = @fence_token
/// WHERE id = @id AND fence_token &lt;= @fence_token
/// </code>
/// Zero rows affected means a newer holder has written since: this holder's lease is stale and it must stop.
/// </summary>
public static class FencingTokenExtensions
{
    /// <summary>The parameter name used by <see cref="AddFencingToken"/>: <c>@fence_token</c>.</summary>
    public const string ParameterName = "@fence_token";

    /// <summary>Adds <paramref name="handle"/>'s <see cref="ILockHandle.FencingToken"/> to <paramref name="command"/> as a parameter.</summary>
    /// <param name="command">The protected write.</param>
    /// <param name="handle">The held lock.</param>
    /// <param name="parameterName">The parameter name; default <see cref="ParameterName"/>.</param>
    /// <returns>The added parameter.</returns>
    public static DbParameter AddFencingToken(this DbCommand command, ILockHandle handle, string parameterName = ParameterName)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(handle);
        var parameter = command.CreateParameter();
        parameter.ParameterName = parameterName;
        parameter.Value = handle.FencingToken;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>
    /// Throws <see cref="OperationCanceledException"/> (on <see cref="ILockHandle.LockLost"/>) when the lease was lost,
    /// or when <paramref name="rowsAffected"/> of a fenced write is 0 because a newer holder wrote first.
    /// </summary>
    /// <param name="handle">The held lock.</param>
    /// <param name="rowsAffected">Rows affected by the fenced write, or -1 to check only the lease.</param>
    /// <exception cref="OperationCanceledException">The holder is stale and must stop writing.</exception>
    public static void ThrowIfStale(this ILockHandle handle, int rowsAffected = -1)
    {
        ArgumentNullException.ThrowIfNull(handle);
        handle.LockLost.ThrowIfCancellationRequested();
        if (rowsAffected == 0)
        {
            throw new OperationCanceledException(
                $"Fenced write on '{handle.Resource}' with token {handle.FencingToken} was refused: a holder with a newer token has written.",
                handle.LockLost);
        }
    }
}
