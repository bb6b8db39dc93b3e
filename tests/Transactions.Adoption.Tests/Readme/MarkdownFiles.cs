using System.Text.RegularExpressions;

namespace Transactions.Adoption.Tests.Readme;

/// <summary>The repository's Markdown files and their C# blocks.</summary>
public static partial class MarkdownFiles
{
    private static readonly string[] Skipped = ["bin", "obj", "node_modules", ".artifacts", ".git", "TestResults"];

    /// <summary>Every .md file under the root, outside build output and dependencies; paths relative to the root.</summary>
    public static IReadOnlyList<string> Find(string repoRoot) =>
        Directory.EnumerateFiles(repoRoot, "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(repoRoot, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => Skipped.Contains(part, StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The C# blocks of one file (fences ```csharp, ```cs, ```c#), with the snippet reference above each.</summary>
    public static IEnumerable<MarkdownCodeBlock> CSharpBlocks(string repoRoot, string file)
    {
        var lines = SnippetSource.Normalize(File.ReadAllText(Path.Combine(repoRoot, file))).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].TrimStart();
            if (!fence.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var language = fence[3..].Trim().ToLowerInvariant();
            var end = Array.FindIndex(lines, i + 1, l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
            if (end < 0)
            {
                yield break;
            }

            if (language is "csharp" or "cs" or "c#")
            {
                var above = i - 1;
                while (above >= 0 && lines[above].Trim().Length == 0)
                {
                    above--;
                }

                var reference = above >= 0 && ReferencePattern().Match(lines[above].Trim()) is { Success: true } m ? m.Groups[1].Value : null;
                yield return new MarkdownCodeBlock(file, i + 1, string.Join('\n', lines[(i + 1)..end]).Trim('\n'), reference);
            }

            i = end;
        }
    }

    [GeneratedRegex(@"^<!--\s*snippet:\s*(\S+)\s*-->$")]
    private static partial Regex ReferencePattern();
}
