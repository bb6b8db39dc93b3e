namespace Transactions.Hosting.Memory;

/// <summary>
/// The request body bytes all gRPC calls of the service may hold at once (read from the connection, not yet
/// consumed: a message still arriving, or one stalled half-way): <see cref="ServiceMemoryOptions.RequestBodyBudgetMegabytes"/>.
/// A call whose next bytes would go past it is refused (<c>ResourceExhausted</c>), so many connections together
/// cannot grow the process without bound. Thread-safe.
/// </summary>
/// <param name="limitBytes">The budget.</param>
public sealed class RequestBodyBudget(long limitBytes)
{
    private long _held;

    /// <summary>The budget, in bytes.</summary>
    public long LimitBytes { get; } = limitBytes;

    /// <summary>Bytes held now.</summary>
    public long HeldBytes => Interlocked.Read(ref _held);

    /// <summary>Takes <paramref name="bytes"/> from the budget, or nothing when that would exceed it.</summary>
    /// <param name="bytes">How many.</param>
    /// <returns>True when taken.</returns>
    public bool TryTake(long bytes)
    {
        while (true)
        {
            var held = Interlocked.Read(ref _held);
            if (held + bytes > LimitBytes)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _held, held + bytes, held) == held)
            {
                return true;
            }
        }
    }

    /// <summary>Gives <paramref name="bytes"/> back.</summary>
    /// <param name="bytes">How many.</param>
    public void Release(long bytes) => Interlocked.Add(ref _held, -bytes);
}
