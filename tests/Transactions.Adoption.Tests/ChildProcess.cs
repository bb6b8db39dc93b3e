using System.Diagnostics;
using System.Text;

namespace Transactions.Adoption.Tests;

/// <summary>A child process with its own environment variables, its output kept; disposing kills its process tree.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Everything printed so far (standard output and error, in arrival order).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="fileName"/> in <paramref name="workingDirectory"/> with extra environment variables.</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs to the end; fails with the output when it does not exit with 0 within <paramref name="timeout"/>.</summary>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        using var child = Start(fileName, arguments, workingDirectory, environment);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await child._process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}:\n{child.Output}");
        }

        child._process.WaitForExit(); // the last output lines
        Assert.True(child.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited with {child.ExitCode}:\n{child.Output}");
        return child.Output;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
