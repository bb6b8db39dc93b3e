namespace Transactions.Testing.Benchmarking;

/// <summary>Processes whose CPU time <see cref="CpuSplit"/> adds up under one name.</summary>
/// <param name="Name">What the output calls them.</param>
/// <param name="ProcessId">One process by id, or null.</param>
/// <param name="Command">Every process of this command name (<c>/proc/PID/stat</c>'s comm), or null.</param>
/// <param name="Self">This process.</param>
public sealed record CpuGroup(string Name, int? ProcessId = null, string? Command = null, bool Self = false)
{
    /// <summary>One process.</summary>
    public static CpuGroup Process(string name, int processId) => new(name, ProcessId: processId);

    /// <summary>Every process named <paramref name="command"/> (e.g. every PostgreSQL backend).</summary>
    public static CpuGroup Named(string name, string command) => new(name, Command: command);

    /// <summary>This process.</summary>
    public static CpuGroup ThisProcess(string name) => new(name, Self: true);

    internal bool Matches(int pid, string command, int self) =>
        (ProcessId is { } id && id == pid) || (Command is { } c && c == command) || (Self && pid == self);
}
