using Transactions.Testing;

namespace Transactions.Adoption.Tests.Readme;

/// <summary>
/// Every C# block in the repository's Markdown is code the build compiles: the block carries a
/// <c>&lt;!-- snippet: path[#name] --&gt;</c> line above it and equals that file (or region of it), and the file
/// belongs to a project of Transactions.sln or to samples/QuickStart (built by <see cref="QuickStart.QuickStartPackageTests"/>).
/// A README example can then not drift from the API or miss a namespace.
/// </summary>
public sealed class ReadmeCodeTests
{
    private static readonly string Root = TestEnvironment.RepoRoot.TrimEnd('/') + "/";

    [Fact]
    public void Every_csharp_block_is_a_compiled_file_or_a_region_of_one()
    {
        var solution = File.ReadAllText(Path.Combine(Root, "Transactions.sln")).Replace('\\', '/');
        var blocks = MarkdownFiles.Find(Root).SelectMany(f => MarkdownFiles.CSharpBlocks(Root, f)).ToList();
        Assert.True(blocks.Count >= 10, $"only {blocks.Count} C# blocks found: is the repository root right ({Root})?");

        var problems = new List<string>();
        foreach (var block in blocks)
        {
            if (block.Reference is null)
            {
                problems.Add($"{block}: no '<!-- snippet: path[#name] -->' line above the block");
                continue;
            }

            var (text, error) = SnippetSource.Read(Root, block.Reference);
            if (error is not null)
            {
                problems.Add($"{block}: {error}");
                continue;
            }

            if (!string.Equals(text, block.Code, StringComparison.Ordinal))
            {
                problems.Add($"{block}: differs from {block.Reference} at line {FirstDifference(text!, block.Code)} of the block");
                continue;
            }

            var path = block.Reference.Split('#')[0];
            if (!IsCompiled(path, solution))
            {
                problems.Add($"{block}: {path} is not in a project of Transactions.sln nor in samples/QuickStart");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void A_block_that_differs_from_its_source_is_reported()
    {
        var file = Path.Combine(Path.GetTempPath(), $"readme-check-{Guid.NewGuid():N}.md");
        try
        {
            File.WriteAllText(file, "<!-- snippet: samples/QuickStart/Wallet/PaymentRequest.cs -->\n```csharp\nnamespace Wrong;\n```\n");
            var block = Assert.Single(MarkdownFiles.CSharpBlocks("/", file));
            Assert.Equal("samples/QuickStart/Wallet/PaymentRequest.cs", block.Reference);
            var (text, error) = SnippetSource.Read(Root, block.Reference!);
            Assert.Null(error);
            Assert.NotEqual(text, block.Code);
            Assert.Contains("public sealed record PaymentRequest", text, StringComparison.Ordinal);

            Assert.NotNull(SnippetSource.Read(Root, "samples/QuickStart/Program.cs#no-such-region").Error);
            Assert.NotNull(SnippetSource.Read(Root, "../outside.cs").Error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static bool IsCompiled(string path, string solution)
    {
        if (path.StartsWith("samples/QuickStart/", StringComparison.Ordinal))
        {
            return true;
        }

        var dir = Path.GetDirectoryName(Path.Combine(Root, path));
        while (dir is not null && dir.Length >= Root.Length - 1)
        {
            var project = Directory.EnumerateFiles(dir, "*.csproj").FirstOrDefault();
            if (project is not null)
            {
                return solution.Contains(Path.GetRelativePath(Root, project).Replace('\\', '/'), StringComparison.Ordinal);
            }

            dir = Path.GetDirectoryName(dir);
        }

        return false;
    }

    private static int FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        return i + 1;
    }
}
