using System.Text.RegularExpressions;
using Npgsql;
using Transactions.Testing;

namespace Transactions.Adoption.Tests.RunCommands;

/// <summary>
/// `./build.sh run coordinator --postgres` and `./build.sh run reliable-message --postgres`, as a newcomer types them:
/// the script builds the host (Release), creates and migrates an empty database on the PostgreSQL it manages, prints
/// the settings it used, and the service reaches healthy without one warning or error line.
/// </summary>
public sealed partial class RunServiceOnPostgresTests
{
    [PostgresTheory]
    [InlineData("coordinator")]
    [InlineData("reliable-message")]
    public async Task The_service_starts_on_an_empty_PostgreSQL_database_quietly(string service)
    {
        var database = $"run_{service.Replace('-', '_')}_{Guid.NewGuid():N}"[..40];
        var grpcPort = FreePort.Next();
        var httpPort = FreePort.Next();
        try
        {
            await using var run = await ChildProcess.StartNewAsync(new ChildProcessOptions
            {
                Name = $"./build.sh run {service} --postgres",
                FileName = "bash",
                Arguments = ["build.sh", "run", service, "--postgres", $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}", $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}"],
                WorkingDirectory = TestEnvironment.RepoRoot,
                Environment = new Dictionary<string, string> { ["TX_RUN_DATABASE"] = database },
                Ready = ReadyWhen.HttpAnswers(new Uri($"http://127.0.0.1:{httpPort}/health"), TimeSpan.FromSeconds(5)),
                StartTimeout = TimeSpan.FromMinutes(5),
            });
            await Task.Delay(TimeSpan.FromSeconds(2)); // whatever a start logs just after it answers

            var output = run.Output;
            Assert.Contains("Storage__Provider=PostgreSql", output, StringComparison.Ordinal);
            Assert.Contains($"Database={database}", output, StringComparison.Ordinal);
            var noisy = output.Split('\n').Where(l => NoisyLine().IsMatch(l)).ToList();
            Assert.True(noisy.Count == 0, $"warnings or errors on a clean start:\n{string.Join('\n', noisy)}\n--- whole output ---\n{output}");
        }
        finally
        {
            await DropAsync(database);
        }
    }

    private static async Task DropAsync(string database)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.RequirePostgres());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Serilog's WRN/ERR/FTL, the console logger's warn/fail/crit, and build warnings or errors.</summary>
    [GeneratedRegex(@"\[[0-9:.]+ (WRN|ERR|FTL)\]|^\s*(warn|fail|crit):|: (warning|error) [A-Z]+[0-9]+|^error:", RegexOptions.Multiline)]
    private static partial Regex NoisyLine();
}
