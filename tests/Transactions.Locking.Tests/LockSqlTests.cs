using System.Text.RegularExpressions;
using Transactions.Testing;

namespace Transactions.Locking.Tests;

public sealed partial class LockSqlTests
{
    [Theory]
    [InlineData("distributed-lock.sqlite.sql", false)]
    [InlineData("distributed-lock.postgresql.sql", true)]
    public async Task MigrationFile_SameDdlAsTheLibraryCreates(string file, bool postgreSql)
    {
        var script = await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepoRoot, "migrations", "sql", file));

        var expected = new LockSql(DistributedLockDefaults.TableName, postgreSql).CreateTable;

        Assert.Equal(Normalize(expected), Normalize(CommentLine().Replace(script, string.Empty)));
    }

    [Fact]
    public void Sql_CustomTable_UsedByEveryStatement()
    {
        var sut = new LockSql("locks.app_locks", postgreSql: true);

        Assert.All(
            new[] { sut.CreateTable, sut.Acquire, sut.Renew, sut.Release, sut.Read },
            sql => Assert.Contains("locks.app_locks", sql, StringComparison.Ordinal));
        Assert.DoesNotContain("distributed_locks", sut.Acquire, StringComparison.Ordinal);
    }

    private static string Normalize(string sql) => Whitespace().Replace(sql, " ").Trim();

    [GeneratedRegex("^--.*$", RegexOptions.Multiline)]
    private static partial Regex CommentLine();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
