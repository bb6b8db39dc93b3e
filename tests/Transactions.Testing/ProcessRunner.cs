using System.ComponentModel;
using System.Diagnostics;

namespace Transactions.Testing;

/// <summary>Runs a child process to its end with a time limit, capturing its output. (A long-running one: <see cref="ChildProcess"/>.)</summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/> (with extra environment variables, if any); null when the program is not installed.</summary>
    public static async Task<ProcessResult?> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var startInfo = ChildProcessOptions.CreateStartInfo(fileName, arguments, workingDirectory, environment);
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            return null;
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish within {timeout}.");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
