using Microsoft.Data.Sqlite;

namespace Transactions.Locking.Tests;

public sealed class FencingTokenExtensionsTests
{
    [Fact]
    public void AddFencingToken_Command_AddsTheHandlesToken()
    {
        using var command = new SqliteCommand();

        var parameter = command.AddFencingToken(new StubHandle(17, CancellationToken.None));

        Assert.Same(parameter, command.Parameters["@fence_token"]);
        Assert.Equal(17L, parameter.Value);
    }

    [Fact]
    public void ThrowIfStale_RowWritten_DoesNotThrow()
    {
        var handle = new StubHandle(3, CancellationToken.None);

        handle.ThrowIfStale(1);
        handle.ThrowIfStale();
        Assert.Equal(3, handle.FencingToken);
    }

    [Fact]
    public void ThrowIfStale_NoRowWritten_ThrowsNamingTheToken()
    {
        var handle = new StubHandle(3, CancellationToken.None);

        var error = Assert.Throws<OperationCanceledException>(() => handle.ThrowIfStale(0));

        Assert.Contains("token 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfStale_LockLost_Throws()
    {
        using var lost = new CancellationTokenSource();
        lost.Cancel();
        var handle = new StubHandle(3, lost.Token);

        var error = Assert.Throws<OperationCanceledException>(() => handle.ThrowIfStale());

        Assert.Equal(lost.Token, error.CancellationToken);
    }

    private sealed class StubHandle(long token, CancellationToken lockLost) : ILockHandle
    {
        public string Resource => "account:1";

        public string Owner => "process-a/flow";

        public long FencingToken => token;

        public CancellationToken LockLost => lockLost;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
