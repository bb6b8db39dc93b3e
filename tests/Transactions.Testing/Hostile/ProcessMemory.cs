using System.Globalization;

namespace Transactions.Testing.Hostile;

/// <summary>A process's resident memory, from <c>/proc</c> (Linux).</summary>
public static class ProcessMemory
{
    /// <summary>Whether it can be read here.</summary>
    public static bool Available => File.Exists("/proc/self/status");

    /// <summary>The resident set (working set) of process <paramref name="pid"/> in MiB.</summary>
    public static double WorkingSetMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kilobytes / 1024.0;
    }
}
