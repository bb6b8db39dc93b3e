using System.Globalization;

namespace Transactions.Locking;

/// <summary>Thrown by <see cref="IDistributedLock.AcquireAsync"/> when the lock was not acquired within the wait.</summary>
public sealed class LockNotAcquiredException : Exception
{
    /// <summary>Creates the exception with a message naming the resource, the wait and the holder.</summary>
    /// <param name="resource">The resource that was asked for.</param>
    /// <param name="wait">How long the caller waited.</param>
    /// <param name="currentOwner">The owner holding the lock when the wait ended, or <see langword="null"/> when unknown.</param>
    public LockNotAcquiredException(string resource, TimeSpan wait, string? currentOwner)
        : base(BuildMessage(resource, wait, currentOwner))
    {
        Resource = resource;
        Wait = wait;
        CurrentOwner = currentOwner;
    }

    /// <summary>Creates the exception (serialization-style constructor kept for tooling; prefer the detailed one).</summary>
    public LockNotAcquiredException()
        : this(string.Empty, TimeSpan.Zero, null)
    {
    }

    /// <summary>Creates the exception with a custom message.</summary>
    /// <param name="message">The message.</param>
    public LockNotAcquiredException(string message)
        : base(message)
    {
        Resource = string.Empty;
    }

    /// <summary>Creates the exception with a custom message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public LockNotAcquiredException(string message, Exception innerException)
        : base(message, innerException)
    {
        Resource = string.Empty;
    }

    /// <summary>The resource that was asked for.</summary>
    public string Resource { get; }

    /// <summary>How long the caller waited.</summary>
    public TimeSpan Wait { get; }

    /// <summary>The owner holding the lock when the wait ended, or <see langword="null"/> when unknown.</summary>
    public string? CurrentOwner { get; }

    private static string BuildMessage(string resource, TimeSpan wait, string? currentOwner) =>
        string.Format(
            CultureInfo.InvariantCulture,
            "Lock on resource '{0}' was not acquired within {1} ms; {2}.",
            resource,
            (long)wait.TotalMilliseconds,
            currentOwner is null ? "current holder unknown" : $"currently held by '{currentOwner}'");
}
