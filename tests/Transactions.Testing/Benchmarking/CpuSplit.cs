using System.Globalization;

namespace Transactions.Testing.Benchmarking;

/// <summary>
/// CPU time (user + system, from <c>/proc</c>) used during a run by each of a few named groups of processes (a
/// service by process id, every process of a command name such as <c>postgres</c> or <c>java</c>, this process),
/// so a benchmark can say where the time goes. Linux only; elsewhere every figure is zero and
/// <see cref="Available"/> is false.
/// </summary>
public sealed class CpuSplit
{
    private const double TicksPerSecond = 100; // USER_HZ: 100 on every Linux architecture .NET runs on

    private readonly IReadOnlyList<CpuGroup> _groups;
    private readonly double[] _start;

    private CpuSplit(IReadOnlyList<CpuGroup> groups)
    {
        _groups = groups;
        _start = Read(groups);
    }

    /// <summary>Whether <c>/proc</c> can be read here.</summary>
    public static bool Available => File.Exists("/proc/self/stat");

    /// <summary>Starts measuring <paramref name="groups"/>.</summary>
    /// <param name="groups">What to measure, each under its name.</param>
    /// <returns>The measurement.</returns>
    public static CpuSplit Start(params CpuGroup[] groups) => new(groups);

    /// <summary>CPU milliseconds per operation of each group since <see cref="Start"/>, in the order given.</summary>
    /// <param name="operations">How many operations the run made.</param>
    /// <returns>Milliseconds per operation, by group name.</returns>
    public IReadOnlyList<(string Name, double Ms)> PerOperationMs(int operations)
    {
        var end = Read(_groups);
        return _groups.Select((g, i) => (g.Name, (end[i] - _start[i]) / TicksPerSecond * 1000 / Math.Max(1, operations))).ToArray();
    }

    /// <summary>"name 0.123, name 0.456" for a line of output.</summary>
    /// <param name="split">What <see cref="PerOperationMs"/> returned.</param>
    /// <returns>The text.</returns>
    public static string Format(IEnumerable<(string Name, double Ms)> split) =>
        string.Join(", ", split.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} {s.Ms:F3}")));

    private static double[] Read(IReadOnlyList<CpuGroup> groups)
    {
        var totals = new double[groups.Count];
        if (!Available)
        {
            return totals;
        }

        var self = Environment.ProcessId;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || Ticks(directory) is not { } stat)
            {
                continue;
            }

            for (var i = 0; i < groups.Count; i++)
            {
                if (groups[i].Matches(pid, stat.Command, self))
                {
                    totals[i] += stat.Ticks;
                }
            }
        }

        return totals;
    }

    /// <summary>utime + stime of a process, and its command name, from <c>/proc/PID/stat</c>; null when it is gone.</summary>
    private static (string Command, double Ticks)? Ticks(string directory)
    {
        string text;
        try
        {
            text = File.ReadAllText(Path.Combine(directory, "stat"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid ..." where comm may contain spaces or parentheses: split after the last ')'.
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        // Fields after comm start at field 3 (state); utime and stime are fields 14 and 15.
        var utime = double.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = double.Parse(fields[12], CultureInfo.InvariantCulture);
        return (text[(open + 1)..close], utime + stime);
    }
}
