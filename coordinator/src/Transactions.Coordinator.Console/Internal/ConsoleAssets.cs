using System.Collections.Frozen;

namespace Transactions.Coordinator.AdminConsole.Internal;

/// <summary>The console's files, embedded in this assembly as <c>AdminConsole/{name}</c>.</summary>
internal static class ConsoleAssets
{
    /// <summary>The page.</summary>
    public const string IndexName = "index.html";

    /// <summary>The API base in index.html's <c>tx-admin-api</c> meta element, prefixed with the path base when serving.</summary>
    public const string ApiBaseAttribute = "content=\"/api/v1/admin\"";

    private static readonly Lazy<FrozenDictionary<string, ConsoleAsset>> LazyAll = new(Load);

    /// <summary>The files by name (ordinal, case-sensitive like the URLs they are served at).</summary>
    public static FrozenDictionary<string, ConsoleAsset> All => LazyAll.Value;

    private static FrozenDictionary<string, ConsoleAsset> Load()
    {
        var files = new (string Name, string ContentType)[]
        {
            (IndexName, "text/html; charset=utf-8"),
            ("app.js", "text/javascript; charset=utf-8"),
            ("app.css", "text/css; charset=utf-8"),
        };
        var assembly = typeof(ConsoleAssets).Assembly;
        return files.ToFrozenDictionary(
            f => f.Name,
            f =>
            {
                using var stream = assembly.GetManifestResourceStream("AdminConsole/" + f.Name)
                    ?? throw new InvalidOperationException($"The console file {f.Name} is not embedded in {assembly.GetName().Name}.");
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                return new ConsoleAsset(f.Name, f.ContentType, buffer.ToArray());
            },
            StringComparer.Ordinal);
    }
}
