namespace Transactions.Testing;

/// <summary>What the test command provides through environment variables.</summary>
public static class TestEnvironment
{
    /// <summary>Variable holding a PostgreSQL connection string to a server the tests may create databases on.</summary>
    public const string PostgresVariable = "TX_TEST_POSTGRES";

    /// <summary>Variable holding a Kafka bootstrap address.</summary>
    public const string KafkaVariable = "TX_TEST_KAFKA";

    /// <summary>The PostgreSQL server connection string, or null.</summary>
    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    /// <summary>True in CI.</summary>
    public static bool IsCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>The PostgreSQL connection string, or a clear failure.</summary>
    public static string RequirePostgres() => PostgresConnectionString
        ?? throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with ./build.sh test, which starts PostgreSQL.");

    /// <summary>The repository root (the folder holding Transactions.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Transactions.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Transactions.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
