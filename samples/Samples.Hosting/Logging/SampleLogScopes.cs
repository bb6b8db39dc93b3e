using Microsoft.Extensions.Logging;

namespace Samples.Hosting.Logging;

/// <summary>Logging scopes of the samples.</summary>
public static class SampleLogScopes
{
    /// <summary>A scope adding <c>Xid</c> (the global transaction id) to every line logged inside it.</summary>
    /// <param name="logger">Any logger of the application.</param>
    /// <param name="xid">The global transaction id.</param>
    /// <returns>The scope to dispose.</returns>
    public static IDisposable? ForXid(ILogger logger, long xid)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return logger.BeginScope(new Dictionary<string, object> { ["Xid"] = xid });
    }
}
