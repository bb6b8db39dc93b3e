using System.Diagnostics;

namespace Samples.Demo.Processes;

/// <summary>
/// One host started as <c>dotnet {dll}</c> with its settings as environment variables, its output written to a log
/// file (and the last lines kept for error messages), healthy when <c>GET {health}</c> answers 2xx. Can be killed
/// (SIGKILL) and started again with the same ports and settings.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int TailLines = 40;

    private readonly string _dll;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly Uri _health;
    private readonly Queue<string> _tail = new();
    private readonly Lock _gate = new();
    private StreamWriter? _log;
    private Process? _process;

    /// <summary>Describes the process; <see cref="StartAsync"/> starts it.</summary>
    /// <param name="name">A short name (logs, messages).</param>
    /// <param name="dll">The host assembly.</param>
    /// <param name="settings">Environment variables (configuration keys with <c>__</c>).</param>
    /// <param name="health">The health URL.</param>
    /// <param name="logFile">Where the output goes.</param>
    public ChildProcess(string name, string dll, IReadOnlyDictionary<string, string> settings, Uri health, string logFile)
    {
        Name = name;
        _dll = dll;
        _settings = settings;
        _health = health;
        LogFile = logFile;
    }

    /// <summary>The short name.</summary>
    public string Name { get; }

    /// <summary>The log file.</summary>
    public string LogFile { get; }

    /// <summary>Whether the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines of output.</summary>
    public string Tail
    {
        get
        {
            lock (_gate)
            {
                return string.Join(Environment.NewLine, _tail);
            }
        }
    }

    /// <summary>Starts the process and waits until it is healthy.</summary>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="InvalidOperationException">It exited or did not get healthy in time (the message has its last output lines).</exception>
    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running.");
        }

        lock (_gate)
        {
            _log ??= new StreamWriter(new FileStream(LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        }

        var info = new ProcessStartInfo("dotnet", [_dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_dll)!,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in _settings)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Name}.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitHealthyAsync(timeout, cancellationToken);
    }

    /// <summary>SIGKILL (the process and its children); no shutdown code runs. Does nothing when not running.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }
        }
    }

    /// <inheritdoc />
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

    private async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process!.HasExited)
            {
                _process.WaitForExit(); // returns once the redirected output is read to its end: the tail then has the reason
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} during start-up (log: {LogFile}):{Environment.NewLine}{Tail}");
            }

            try
            {
                using var response = await http.GetAsync(_health, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow start.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new InvalidOperationException($"{Name} was not healthy within {timeout.TotalSeconds:0} s (log: {LogFile}):{Environment.NewLine}{Tail}");
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
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }
}
