using Grpc.Core;
using Transactions.Protocol.Sagas;
using Transactions.Protocol.V1;
using Transactions.Testing;
using Xunit;

namespace Transactions.Coordinator.IntegrationTests.Sagas;

/// <summary>
/// A client that gives up on a call (cancels it, resetting its HTTP/2 stream) is normal life, not a server fault:
/// the coordinator logs it without an error line or a stack trace, and keeps serving.
/// </summary>
[Trait("Requires", "PostgreSQL")]
public sealed class ClientResetTests
{
    [PostgresFact]
    public async Task ClientCancelsAWaitingCall_NoErrorLineNoStackTrace_ServerKeepsAnswering()
    {
        await using var database = await PostgresDatabase.CreateAsync("tx_reset");
        await using var coordinator = await CoordinatorProcess.StartAsync("PostgreSql", database.ConnectionString);
        var definition = SagaBuilder.Create("never-ends")
            .Step("unreachable", s => s.Grpc("http://127.0.0.1:1").Action("reserve"))
            .Build();
        var submitted = await coordinator.Tm.SubmitSagaAsync(new SubmitSagaRequest { DefinitionJson = SagaDefinitionJson.Serialize(definition) });
        var before = coordinator.Output.Length;

        for (var i = 0; i < 5; i++)
        {
            using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var call = coordinator.Tm.GetSagaAsync(new GetSagaRequest { Xid = submitted.Xid, WaitMs = 30_000 }, cancellationToken: giveUp.Token);
            var cancelled = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
            Assert.Equal(StatusCode.Cancelled, cancelled.StatusCode);
        }

        var status = await coordinator.Tm.GetSagaAsync(new GetSagaRequest { Xid = submitted.Xid });
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // the server notices the resets and finishes those calls
        var logged = coordinator.Output[before..];
        var errors = logged.Split('\n').Where(l => l.Contains(" ERR]", StringComparison.Ordinal) || l.TrimStart().StartsWith("at ", StringComparison.Ordinal)
            || l.Contains("Exception: ", StringComparison.Ordinal) || l.Contains("--- End of stack trace", StringComparison.Ordinal)).ToList();

        Assert.Equal(submitted.Xid, status.Xid);
        Assert.True(errors.Count == 0, "client resets were logged as errors or with a stack trace:\n" + string.Join("\n", errors.Take(20)));
    }
}
