using System.Diagnostics;
using System.Text;

namespace Transactions.Testing;

/// <summary>
/// A child process of a test, a benchmark or the demo, described by its <see cref="ChildProcessOptions"/>: started
/// (a program or a dotnet assembly, with environment variables and a working directory), waited for until it is ready
/// (<see cref="ReadyWhen"/>: an HTTP health URL, a TCP port, a line of output), its standard output and error kept in a
/// bounded buffer (and written to a log file when one is set) for failure messages. <see cref="Kill"/> is SIGKILL of
/// its process tree; <see cref="StartAsync"/> starts it again with the same settings and ports; disposing kills it.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<string> _lines = new();
    private long _appended;
    private long _runStart;
    private StreamWriter? _log;
    private Process? _process;

    /// <summary>Describes the process; <see cref="StartAsync"/> starts it.</summary>
    /// <param name="options">What to start, and how to know it is ready.</param>
    public ChildProcess(ChildProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>What is started.</summary>
    public ChildProcessOptions Options { get; }

    /// <summary>The short name (messages, logs).</summary>
    public string Name => Options.Name;

    /// <summary>The file every output line is appended to, or null.</summary>
    public string? LogFile => Options.LogFile;

    /// <summary>Whether the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Process id of the running process, or 0.</summary>
    public int ProcessId => _process is { HasExited: false } p ? p.Id : 0;

    /// <summary>
    /// Everything printed so far, over every run (standard output and error, in arrival order, a line each): the last
    /// <see cref="ChildProcessOptions.MaxOutputLines"/> lines, after a line saying how many earlier ones were dropped.
    /// </summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return Text(0);
            }
        }
    }

    /// <summary>What the current run printed so far (of the lines <see cref="Output"/> keeps).</summary>
    public string OutputSinceStart
    {
        get
        {
            lock (_gate)
            {
                return Text(_runStart);
            }
        }
    }

    private string LogHint => Options.LogFile is { } file ? $" (log: {file})" : string.Empty;

    /// <summary>Starts a process and waits until it is ready; when it does not get ready, it is killed.</summary>
    /// <param name="options">What to start.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The running process.</returns>
    /// <exception cref="InvalidOperationException">It exited during start-up (the message has its output).</exception>
    /// <exception cref="TimeoutException">It was not ready in time (the message has its output).</exception>
    public static async Task<ChildProcess> StartNewAsync(ChildProcessOptions options, CancellationToken cancellationToken = default)
    {
        var process = new ChildProcess(options);
        try
        {
            await process.StartAsync(cancellationToken: cancellationToken);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the process (again, after a kill or an exit: same settings and ports; the output of earlier runs is
    /// kept) and waits until it is ready; when it does not get ready, it is killed.
    /// </summary>
    /// <param name="timeout">How long to wait; <see cref="ChildProcessOptions.StartTimeout"/> when null.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="InvalidOperationException">It is running already, or exited during start-up (the message has its output).</exception>
    /// <exception cref="TimeoutException">It was not ready in time (the message has its output).</exception>
    public async Task StartAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running.");
        }

        lock (_gate)
        {
            if (Options.LogFile is { } file)
            {
                _log ??= new StreamWriter(new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            }

            _runStart = _appended;
        }

        _process?.Dispose();
        var process = new Process { StartInfo = Options.CreateStartInfo() };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await WaitReadyAsync(process, timeout ?? Options.StartTimeout, cancellationToken);
        }
        catch
        {
            Kill();
            throw;
        }
    }

    /// <summary>SIGKILL of the process and its children (no shutdown code runs), then waits for the exit. Does nothing when not running.</summary>
    public void Kill()
    {
        if (_process is not { } process)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    /// <summary>Working set of the running process in bytes (0 when not running).</summary>
    /// <returns>The bytes.</returns>
    public long WorkingSet()
    {
        if (_process is not { HasExited: false } process)
        {
            return 0;
        }

        process.Refresh();
        return process.WorkingSet64;
    }

    /// <summary>Kills the process (see <see cref="Kill"/>) and closes the log file; <see cref="Output"/> stays readable.</summary>
    /// <returns>A task.</returns>
    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        _process = null;
        lock (_gate)
        {
            _log?.Dispose();
            _log = null;
        }

        return ValueTask.CompletedTask;
    }

    private async Task WaitReadyAsync(Process process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                // The parameterless wait returns once the redirected output has been read to its end: without it the
                // message could miss the process's last lines (the reason it exited).
                process.WaitForExit();
                throw new InvalidOperationException($"{Name} exited with code {process.ExitCode} during start-up{LogHint}:\n{Output}");
            }

            if (await Options.Ready.IsReadyAsync(this, cancellationToken))
            {
                return;
            }

            if (stopwatch.Elapsed >= timeout)
            {
                throw new TimeoutException($"{Name} was not ready within {timeout} ({Options.Ready.Description}){LogHint}:\n{Output}");
            }

            await Task.Delay(Options.PollInterval, cancellationToken);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _log?.WriteLine(line);
            _lines.Enqueue(line);
            _appended++;
            while (_lines.Count > Options.MaxOutputLines)
            {
                _lines.Dequeue();
            }
        }
    }

    /// <summary>The kept lines from line number <paramref name="from"/> on (counted over every run); call under the lock.</summary>
    private string Text(long from)
    {
        var first = _appended - _lines.Count;
        var text = new StringBuilder();
        if (from < first)
        {
            text.AppendLine($"[{first - from} earlier line(s) dropped{LogHint}]");
        }

        foreach (var line in _lines.Skip((int)Math.Max(0, from - first)))
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }
}
