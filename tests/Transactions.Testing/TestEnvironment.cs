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

    /// <summary>Variable holding a SQL Server connection string (tests against SQL Server are skipped without it).</summary>
    public const string SqlServerVariable = "TX_TEST_SQLSERVER";

    /// <summary>The Kafka bootstrap servers, or null.</summary>
    public static string? KafkaBootstrapServers => Environment.GetEnvironmentVariable(KafkaVariable) is { Length: > 0 } servers ? servers : null;

    /// <summary>The SQL Server connection string, or null.</summary>
    public static string? SqlServerConnectionString => Environment.GetEnvironmentVariable(SqlServerVariable) is { Length: > 0 } cs ? cs : null;

    /// <summary>True in CI.</summary>
    public static bool IsCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>The PostgreSQL connection string, or a clear failure.</summary>
    public static string RequirePostgres() => PostgresConnectionString
        ?? throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with ./build.sh test, which starts PostgreSQL.");

    /// <summary>The Kafka bootstrap servers, or a clear failure.</summary>
    public static string RequireKafka() => KafkaBootstrapServers
        ?? throw new InvalidOperationException($"{KafkaVariable} is not set: run the tests with ./build.sh test, which starts Kafka (or eval \"$(eng/scripts/kafka.sh env)\").");

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
