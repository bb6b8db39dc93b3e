namespace Transactions.Adoption.Tests.Readme;

/// <summary>
/// Where a README block comes from: a whole C# file (<c>path</c>), or the lines between <c>// begin-snippet: name</c>
/// and <c>// end-snippet</c> in it (<c>path#name</c>), with their common indentation removed.
/// </summary>
public static class SnippetSource
{
    private const string Begin = "// begin-snippet: ";
    private const string End = "// end-snippet";

    /// <summary>The text the reference names, or an error message.</summary>
    public static (string? Text, string? Error) Read(string repoRoot, string reference)
    {
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        var path = hash < 0 ? reference : reference[..hash];
        var name = hash < 0 ? null : reference[(hash + 1)..];
        var full = Path.GetFullPath(Path.Combine(repoRoot, path));
        if (!full.StartsWith(repoRoot, StringComparison.Ordinal) || !File.Exists(full))
        {
            return (null, $"the file {path} does not exist");
        }

        var lines = Normalize(File.ReadAllText(full)).Split('\n');
        if (name is null)
        {
            return (string.Join('\n', lines).Trim('\n'), null);
        }

        var start = Array.FindIndex(lines, l => l.Trim() == Begin + name);
        if (start < 0)
        {
            return (null, $"{path} has no '{Begin}{name}'");
        }

        var end = Array.FindIndex(lines, start + 1, l => l.Trim() == End);
        if (end < 0)
        {
            return (null, $"{path}: '{Begin}{name}' has no '{End}'");
        }

        var region = lines[(start + 1)..end];
        var indent = region.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return (string.Join('\n', region.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())).Trim('\n'), null);
    }

    /// <summary>Line ends as \n, no trailing spaces.</summary>
    public static string Normalize(string text) =>
        string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()));
}
