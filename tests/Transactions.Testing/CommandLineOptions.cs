using System.Diagnostics.CodeAnalysis;

namespace Transactions.Testing;

/// <summary>Command-line parsing for the repository's tools (the benchmarks): bad input is the caller's mistake.</summary>
public static class CommandLineOptions
{
    /// <summary>
    /// Runs <paramref name="parse"/> on <paramref name="args"/>; when the input is bad (an unknown option, a missing or
    /// malformed value), writes one line naming the problem to <paramref name="error"/>, with no stack trace, and
    /// returns false (exit with 2).
    /// </summary>
    public static bool TryParse<T>(Func<string[], T> parse, string[] args, TextWriter error, [NotNullWhen(true)] out T? options)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            options = parse(args);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            error.WriteLine($"error: {ex.Message} (arguments: {string.Join(' ', args)})");
            options = null;
            return false;
        }
    }
}
