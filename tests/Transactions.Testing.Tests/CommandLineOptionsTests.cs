using System.Globalization;
using Transactions.Testing;

namespace Transactions.Testing.Tests;

/// <summary>The benchmarks' command-line parsing: bad input is one line naming the problem, never a stack trace.</summary>
public sealed class CommandLineOptionsTests
{
    [Theory]
    [InlineData(new[] { "--runs", "x" }, "x")]
    [InlineData(new[] { "--bogus", "1" }, "unknown option --bogus")]
    [InlineData(new[] { "--runs" }, "--runs needs a value")]
    public void BadInput_FalseWithOneLineNamingIt(string[] args, string named)
    {
        using var error = new StringWriter();

        var parsed = CommandLineOptions.TryParse(Parse, args, error, out var options);

        Assert.False(parsed);
        Assert.Null(options);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void GoodInput_TheOptionsAndNothingWritten()
    {
        using var error = new StringWriter();

        Assert.True(CommandLineOptions.TryParse(Parse, ["--runs", "3"], error, out var options));
        Assert.Equal(3, options.Runs);
        Assert.Empty(error.ToString());
    }

    private sealed record Options(int Runs);

    private static Options Parse(string[] args)
    {
        var runs = 1;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            runs = args[i] switch
            {
                "--runs" => int.Parse(value, CultureInfo.InvariantCulture),
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
            i++;
        }

        return new Options(runs);
    }
}
