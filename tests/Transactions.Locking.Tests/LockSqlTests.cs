using System.Text.RegularExpressions;
using Transactions.Testing;

namespace Transactions.Locking.Tests;

public sealed partial class LockSqlTests
{
    [Theory]
    [InlineData("distributed-lock.sqlite.sql", DistributedLockProviders.Sqlite)]
    [InlineData("distributed-lock.postgresql.sql", DistributedLockProviders.PostgreSql)]
    [InlineData("distributed-lock.sqlserver.sql", DistributedLockProviders.SqlServer)]
    public async Task MigrationFile_SameDdlAsTheLibraryCreates(string file, string provider)
    {
        var script = await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepoRoot, "migrations", "sql", file));

        var expected = new LockSql(DistributedLockDefaults.TableName, provider).CreateTable;

        Assert.Equal(Normalize(expected), Normalize(CommentLine().Replace(script, string.Empty)));
    }

    [Theory]
    [InlineData(DistributedLockProviders.Sqlite)]
    [InlineData(DistributedLockProviders.PostgreSql)]
    [InlineData(DistributedLockProviders.SqlServer)]
    public void Sql_CustomTable_UsedByEveryStatement(string provider)
    {
        var sut = new LockSql("locks.app_locks", provider);

        Assert.All(
            new[] { sut.CreateTable, sut.Acquire, sut.Renew, sut.Release, sut.Read },
            sql => Assert.Contains("locks.app_locks", sql, StringComparison.Ordinal));
        Assert.DoesNotContain("distributed_locks", sut.Acquire, StringComparison.Ordinal);
    }

    [Fact]
    public void Sql_SqlServer_AcquiresWithOneLockedMergeAndOutputsTheToken()
    {
        var sut = new LockSql(DistributedLockDefaults.TableName, "sqlserver");

        Assert.StartsWith("MERGE distributed_locks WITH (HOLDLOCK)", sut.Acquire.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("OUTPUT inserted.fencing_token", sut.Acquire, StringComparison.Ordinal);
        Assert.DoesNotContain("ON CONFLICT", sut.Acquire, StringComparison.Ordinal);
        Assert.Contains("IF OBJECT_ID(N'distributed_locks', N'U') IS NULL", sut.CreateTable, StringComparison.Ordinal);
    }

    private static string Normalize(string sql) => Whitespace().Replace(sql, " ").Trim();

    [GeneratedRegex("^--.*$", RegexOptions.Multiline)]
    private static partial Regex CommentLine();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
