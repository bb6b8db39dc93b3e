using System.Globalization;
using Transactions.Testing;

namespace Transactions.Coordinator.Benchmarks.Bank;

/// <summary>The bank participant (<see cref="BankParticipantHost"/>) as a child process of the benchmark.</summary>
public sealed class BankParticipantProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private BankParticipantProcess(ChildProcess process, Uri httpAddress)
    {
        _process = process;
        HttpAddress = httpAddress;
    }

    /// <summary>The business API's base address.</summary>
    public Uri HttpAddress { get; }

    /// <summary>Process id.</summary>
    public int ProcessId => _process.ProcessId;

    /// <summary>What the process printed.</summary>
    public string Output => _process.Output;

    /// <summary>Starts the participant and waits until it answers.</summary>
    public static async Task<BankParticipantProcess> StartAsync(string connectionString, string coordinatorAddress)
    {
        var httpPort = FreePort.Next();
        var grpcPort = FreePort.Next();
        var httpAddress = new Uri($"http://127.0.0.1:{httpPort}");
        var process = await ChildProcess.StartNewAsync(new ChildProcessOptions
        {
            Name = "bank participant",
            FileName = "dotnet",
            Arguments = [typeof(BankParticipantProcess).Assembly.Location, "bank-participant", connectionString, coordinatorAddress, httpPort.ToString(CultureInfo.InvariantCulture), grpcPort.ToString(CultureInfo.InvariantCulture)],
            Ready = ReadyWhen.HttpAnswers(new Uri(httpAddress, "/health")),
            StartTimeout = TimeSpan.FromSeconds(60),
        });
        return new BankParticipantProcess(process, httpAddress);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
