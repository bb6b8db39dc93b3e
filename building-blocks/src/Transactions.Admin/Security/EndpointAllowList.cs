namespace Transactions.Admin.Security;

/// <summary>
/// Which URLs a service may be told to call back (participant, saga step, back-check and push endpoints), so that a
/// caller cannot make it send requests into the operator's network. Each entry is an absolute <c>http</c> or
/// <c>https</c> URL: <c>http://stock:5001</c> allows that scheme, host and port; without a port
/// (<c>http://stock</c>) any port of the host; a host <c>*.orders.internal</c> any host under that domain; a path
/// (<c>https://gateway/tx</c>) only that path and URLs under it. An empty list allows every endpoint.
/// </summary>
public sealed class EndpointAllowList
{
    private readonly Entry[] _entries;

    private EndpointAllowList(Entry[] entries) => _entries = entries;

    /// <summary>The list that allows every endpoint.</summary>
    public static EndpointAllowList Any { get; } = new([]);

    /// <summary>Whether the list allows every endpoint.</summary>
    public bool IsEmpty => _entries.Length == 0;

    /// <summary>The list of <paramref name="entries"/>, each checked by <see cref="Problem"/> at start.</summary>
    /// <param name="entries">The configured entries.</param>
    /// <returns>The list.</returns>
    /// <exception cref="ArgumentException">An entry is malformed.</exception>
    public static EndpointAllowList Create(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return new([.. entries.Select(e => Problem(e) is { } problem ? throw new ArgumentException($"'{e}' {problem}", nameof(entries)) : Parse(e))]);
    }

    /// <summary>Why <paramref name="entry"/> cannot be an entry, or null when it can.</summary>
    /// <param name="entry">A configured entry.</param>
    /// <returns>The problem, or null.</returns>
    public static string? Problem(string? entry)
    {
        if (string.IsNullOrWhiteSpace(entry))
        {
            return "is empty";
        }

        var host = entry.Contains("://*.", StringComparison.Ordinal) ? entry.Replace("://*.", "://wildcard.", StringComparison.Ordinal) : entry;
        return Uri.TryCreate(host, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
            ? null
            : "is not an absolute http:// or https:// URL (scheme, host, optional port and path; no query)";
    }

    /// <summary>Whether <paramref name="endpoint"/> is allowed.</summary>
    /// <param name="endpoint">An absolute URL a caller asked the service to call.</param>
    /// <returns>True when the list is empty or an entry covers the URL.</returns>
    public bool Allows(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return _entries.Length == 0 || _entries.Any(e => e.Covers(endpoint));
    }

    private static Entry Parse(string entry)
    {
        var wildcard = entry.Contains("://*.", StringComparison.Ordinal);
        var uri = new Uri(wildcard ? entry.Replace("://*.", "://wildcard.", StringComparison.Ordinal) : entry, UriKind.Absolute);
        var host = wildcard ? uri.IdnHost["wildcard".Length..] : uri.IdnHost; // ".orders.internal" for a wildcard
        return new Entry(uri.Scheme, host, wildcard, HasExplicitPort(entry) ? uri.Port : null, uri.AbsolutePath);
    }

    private static bool HasExplicitPort(string entry)
    {
        var start = entry.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = entry.IndexOf('/', start);
        var authority = end < 0 ? entry[start..] : entry[start..end];
        return authority.StartsWith('[') ? authority.Contains("]:", StringComparison.Ordinal) : authority.Contains(':', StringComparison.Ordinal);
    }

    private sealed record Entry(string Scheme, string Host, bool Wildcard, int? Port, string Path)
    {
        public bool Covers(Uri endpoint) =>
            string.Equals(endpoint.Scheme, Scheme, StringComparison.OrdinalIgnoreCase)
            && (Wildcard
                ? endpoint.IdnHost.EndsWith(Host, StringComparison.OrdinalIgnoreCase) && endpoint.IdnHost.Length > Host.Length
                : string.Equals(endpoint.IdnHost, Host, StringComparison.OrdinalIgnoreCase))
            && (Port is not { } port || endpoint.Port == port)
            && (Path == "/"
                || (Path.EndsWith('/')
                    ? endpoint.AbsolutePath.StartsWith(Path, StringComparison.Ordinal)
                    : endpoint.AbsolutePath == Path || endpoint.AbsolutePath.StartsWith(Path + "/", StringComparison.Ordinal)));
    }
}
