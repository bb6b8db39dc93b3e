using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Transactions.Testing;
using Xunit;

namespace Transactions.Storage.Compliance.Tests;

/// <summary>
/// The Docker check that decides whether the SQL Server variants of the storage suites start a container
/// (<see cref="SqlServerTestServer"/>): it must answer quickly, never hang, and say what it checked. Fake engines are
/// Unix sockets in the temporary folder.
/// </summary>
public sealed class SqlServerTestServerTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);
    private readonly string _socketPath = Path.Combine(Path.GetTempPath(), $"tx-docker-probe-{Guid.NewGuid():N}.sock");

    [Fact]
    public async Task ProbeDockerAsync_DockerHostAtClosedSocket_NotReachableWithinThreeSecondsNamingIt()
    {
        // Bound, then closed: nothing listens there any more (whether or not the socket file stays behind).
        Listen().Dispose();
        var clock = Stopwatch.StartNew();

        var (reachable, detail) = await SqlServerTestServer.ProbeDockerAsync($"unix://{_socketPath}", SqlServerTestServer.DockerProbeTimeout, CancellationToken.None);

        clock.Stop();
        Assert.False(reachable);
        Assert.Contains($"DOCKER_HOST=unix://{_socketPath}", detail, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < Bound, $"The check took {clock.Elapsed}.");
    }

    [Fact]
    public async Task ProbeDockerAsync_ListenerThatNeverAnswers_GivesUpAtItsTimeout()
    {
        // Connections land in the backlog and are never accepted, so /_ping gets no answer.
        using var listener = Listen();
        var clock = Stopwatch.StartNew();

        var (reachable, detail) = await SqlServerTestServer.ProbeDockerAsync($"unix://{_socketPath}", TimeSpan.FromSeconds(1), CancellationToken.None);

        clock.Stop();
        Assert.False(reachable);
        Assert.Contains("no answer within 1 s", detail, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < Bound, $"The check took {clock.Elapsed}.");
    }

    [Fact]
    public async Task ProbeDockerAsync_EngineAnsweringPing_IsReachable()
    {
        using var listener = Listen();
        var engine = Task.Run(async () =>
        {
            using var connection = await listener.AcceptAsync();
            var request = new byte[1024];
            var length = 0;
            while (!Encoding.ASCII.GetString(request, 0, length).Contains("\r\n\r\n", StringComparison.Ordinal) && length < request.Length)
            {
                var read = await connection.ReceiveAsync(request.AsMemory(length), SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            var answer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nOK");
            await connection.SendAsync(answer.AsMemory(), SocketFlags.None);
            connection.Shutdown(SocketShutdown.Both);
            return Encoding.ASCII.GetString(request, 0, length);
        });

        var (reachable, detail) = await SqlServerTestServer.ProbeDockerAsync($"unix://{_socketPath}", SqlServerTestServer.DockerProbeTimeout, CancellationToken.None);

        Assert.True(reachable, detail);
        Assert.StartsWith("GET /_ping HTTP/1.1\r\n", await engine.WaitAsync(Bound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeDockerAsync_SchemeNotChecked_NotReachableNamingTheValue()
    {
        var (reachable, detail) = await SqlServerTestServer.ProbeDockerAsync("npipe:////./pipe/docker_engine", SqlServerTestServer.DockerProbeTimeout, CancellationToken.None);

        Assert.False(reachable);
        Assert.Contains("DOCKER_HOST=npipe:////./pipe/docker_engine", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkipReason_DecidedOnceAndQuickly_SaysWhyWhenThereIsNoServer()
    {
        var clock = Stopwatch.StartNew();

        var first = SqlServerTestServer.SkipReason;
        var second = SqlServerTestServer.SkipReason;

        clock.Stop();
        Assert.Same(first, second);
        Assert.True(clock.Elapsed < Bound, $"Deciding took {clock.Elapsed}.");
        if (first is null)
        {
            // A server is given, or an engine answers: the SQL Server variants run.
            var docker = await SqlServerTestServer.ProbeDockerAsync(
                Environment.GetEnvironmentVariable(SqlServerTestServer.DockerHostVariable), SqlServerTestServer.DockerProbeTimeout, CancellationToken.None);
            Assert.True(TestEnvironment.SqlServerConnectionString is not null || docker.Reachable, docker.Detail);
        }
        else
        {
            Assert.Null(TestEnvironment.SqlServerConnectionString);
            Assert.StartsWith(
                "no SQL Server: TX_TEST_SQLSERVER is not set and no Docker engine is reachable (checked DOCKER_HOST / unix:///var/run/docker.sock): ",
                first,
                StringComparison.Ordinal);
        }
    }

    /// <inheritdoc />
    public void Dispose() => File.Delete(_socketPath);

    private Socket Listen()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(_socketPath));
        socket.Listen(1);
        return socket;
    }
}
