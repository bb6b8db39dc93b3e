using System.Globalization;

namespace Transactions.Coordinator.Benchmarks;

/// <summary>
/// CPU time (user + system, from <c>/proc</c>) used during a run by the coordinator process, by the PostgreSQL server
/// (every process named <c>postgres</c>) and by this process (the load generator and the no-op participants), so a
/// run says where the time goes. Linux only; elsewhere every figure is zero and <see cref="Available"/> is false.
/// </summary>
public sealed class CpuSplit
{
    private static readonly double TicksPerSecond = 100; // USER_HZ: 100 on every Linux architecture .NET runs on

    private readonly int _coordinatorPid;
    private readonly (double Coordinator, double Postgres, double Client) _start;

    private CpuSplit(int coordinatorPid)
    {
        _coordinatorPid = coordinatorPid;
        _start = Read(coordinatorPid);
    }

    /// <summary>Whether <c>/proc</c> can be read here.</summary>
    public static bool Available => File.Exists("/proc/self/stat");

    /// <summary>Starts measuring.</summary>
    /// <param name="coordinatorPid">The coordinator's process id.</param>
    /// <returns>The measurement.</returns>
    public static CpuSplit Start(int coordinatorPid) => new(coordinatorPid);

    /// <summary>CPU milliseconds per operation since <see cref="Start"/>, for <paramref name="operations"/> operations.</summary>
    /// <param name="operations">How many operations the run made.</param>
    /// <returns>Coordinator, PostgreSQL and client milliseconds per operation.</returns>
    public (double Coordinator, double Postgres, double Client) PerOperationMs(int operations)
    {
        var end = Read(_coordinatorPid);
        double Ms(double from, double to) => (to - from) / TicksPerSecond * 1000 / Math.Max(1, operations);
        return (Ms(_start.Coordinator, end.Coordinator), Ms(_start.Postgres, end.Postgres), Ms(_start.Client, end.Client));
    }

    private static (double Coordinator, double Postgres, double Client) Read(int coordinatorPid)
    {
        if (!Available)
        {
            return (0, 0, 0);
        }

        double postgres = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(directory);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            if (Ticks(directory) is { } stat && stat.Command == "postgres")
            {
                postgres += stat.Ticks;
            }
        }

        return (Ticks($"/proc/{coordinatorPid}")?.Ticks ?? 0, postgres, Ticks("/proc/self")?.Ticks ?? 0);
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
