using System.Diagnostics;
using System.Text;
using Transactions.Testing;

namespace Transactions.Coordinator.Benchmarks.Bank;

/// <summary>The bank participant (<see cref="BankParticipantHost"/>) as a child process of the benchmark.</summary>
public sealed class BankParticipantProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BankParticipantProcess(Process process, int httpPort)
    {
        _process = process;
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
    }

    /// <summary>The business API's base address.</summary>
    public Uri HttpAddress { get; }

    /// <summary>Process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts the participant and waits until it answers.</summary>
    public static async Task<BankParticipantProcess> StartAsync(string connectionString, string coordinatorAddress)
    {
        var httpPort = FreePort.Next();
        var grpcPort = FreePort.Next();
        var info = new ProcessStartInfo("dotnet", [typeof(BankParticipantProcess).Assembly.Location, "bank-participant", connectionString, coordinatorAddress, httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the bank participant.");
        var participant = new BankParticipantProcess(process, httpPort);
        process.OutputDataReceived += (_, e) => participant.Append(e.Data);
        process.ErrorDataReceived += (_, e) => participant.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The bank participant exited with code {process.ExitCode}:\n{participant.Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(participant.HttpAddress, "/health"));
                if (response.IsSuccessStatusCode)
                {
                    return participant;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        await participant.DisposeAsync();
        throw new TimeoutException($"The bank participant did not answer within 60 s:\n{participant.Output}");
    }

    /// <summary>What the process printed.</summary>
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

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
