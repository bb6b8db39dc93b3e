using Transactions.Testing;

namespace Transactions.Testing.Tests;

/// <summary>The child-process harness (<see cref="ChildProcess"/>) with small bash and python3 programs.</summary>
public sealed class ChildProcessTests
{
    [Fact]
    public async Task ExitDuringStartUp_FailsWithTheExitCodeAndTheLastLines()
    {
        var options = Bash("exits", """echo "starting in $(pwd) with $GREETING"; echo "the reason it stops" >&2; exit 3""", ReadyWhen.OutputContains("never printed")) with
        {
            WorkingDirectory = Path.GetTempPath(),
            Environment = new Dictionary<string, string> { ["GREETING"] = "hello" },
        };

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ChildProcess.StartNewAsync(options));

        Assert.Contains("exits exited with code 3 during start-up", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"starting in {Path.GetTempPath().TrimEnd('/')} with hello", failure.Message, StringComparison.Ordinal);
        Assert.Contains("the reason it stops", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotReadyInTime_TimesOutNamingTheCondition_AndKillsTheProcess()
    {
        await using var process = new ChildProcess(Bash("silent", "echo waiting; exec sleep 300", ReadyWhen.OutputContains("ready")) with
        {
            StartTimeout = TimeSpan.FromSeconds(1),
        });

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => process.StartAsync());

        Assert.Contains("silent was not ready within 00:00:01 (a line with 'ready')", failure.Message, StringComparison.Ordinal);
        Assert.Contains("waiting", failure.Message, StringComparison.Ordinal);
        Assert.False(process.IsRunning);
        Assert.Equal(0, process.ProcessId);
    }

    [Fact]
    public async Task KilledAndStartedAgain_WaitsForTheNewRunsLine_KeepsEveryRunsOutput()
    {
        await using var process = await ChildProcess.StartNewAsync(Bash("restarts", "echo \"pid $$\"; sleep 0.3; echo ready; exec sleep 300", ReadyWhen.OutputContains("ready")));
        var first = process.ProcessId;

        process.Kill();
        Assert.False(process.IsRunning);
        await process.StartAsync();

        // The first run's "ready" does not count: the start returns once the new run has printed its own.
        Assert.Contains("ready", process.OutputSinceStart, StringComparison.Ordinal);
        Assert.DoesNotContain($"pid {first}", process.OutputSinceStart, StringComparison.Ordinal);
        Assert.Contains($"pid {first}", process.Output, StringComparison.Ordinal);
        Assert.True(process.IsRunning);
        Assert.NotEqual(first, process.ProcessId);
    }

    [Fact]
    public async Task Output_KeepsTheLastLines_AndTheLogFileKeepsEveryLine()
    {
        var log = Path.Combine(Path.GetTempPath(), $"child-process-{Guid.NewGuid():N}.log");
        try
        {
            await using (var process = await ChildProcess.StartNewAsync(Bash("chatty", "for i in 1 2 3 4 5; do echo line $i; done; echo ready; exec sleep 300", ReadyWhen.OutputContains("ready")) with
            {
                MaxOutputLines = 3,
                LogFile = log,
            }))
            {
                Assert.Equal($"[3 earlier line(s) dropped (log: {log})]\nline 4\nline 5\nready\n", process.Output.ReplaceLineEndings("\n"));
            }

            Assert.Equal(["line 1", "line 2", "line 3", "line 4", "line 5", "ready"], await File.ReadAllLinesAsync(log));
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public async Task ReadyWhenThePortAcceptsConnections_OrTheHealthUrlAnswers()
    {
        var port = FreePort.Next();
        var options = new ChildProcessOptions
        {
            Name = "http.server",
            FileName = "python3",
            Arguments = ["-m", "http.server", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1"],
            WorkingDirectory = Path.GetTempPath(),
            Ready = ReadyWhen.PortAccepts(port),
        };

        await using (var process = await ChildProcess.StartNewAsync(options))
        {
            Assert.True(await ReadyWhen.HttpAnswers(new Uri($"http://127.0.0.1:{port}/")).IsReadyAsync(process, default));
            process.Kill();
            Assert.False(await ReadyWhen.PortAccepts(port).IsReadyAsync(process, default));
        }

        await using var again = await ChildProcess.StartNewAsync(options with { Ready = ReadyWhen.HttpAnswers(new Uri($"http://127.0.0.1:{port}/")) });
        Assert.True(again.IsRunning);
    }

    private static ChildProcessOptions Bash(string name, string script, ReadyWhen ready) => new()
    {
        Name = name,
        FileName = "bash",
        Arguments = ["-c", script],
        Ready = ready,
        StartTimeout = TimeSpan.FromSeconds(30),
    };
}
