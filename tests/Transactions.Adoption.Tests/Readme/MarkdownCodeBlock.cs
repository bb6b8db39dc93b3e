namespace Transactions.Adoption.Tests.Readme;

/// <summary>A C# block of a Markdown file, with the snippet reference written above it (or null).</summary>
/// <param name="File">The Markdown file, relative to the repository root.</param>
/// <param name="Line">The line of the opening fence (1-based).</param>
/// <param name="Code">The block's text.</param>
/// <param name="Reference">The <c>&lt;!-- snippet: path[#name] --&gt;</c> reference, or null.</param>
public sealed record MarkdownCodeBlock(string File, int Line, string Code, string? Reference)
{
    public override string ToString() => $"{File}:{Line}";
}
