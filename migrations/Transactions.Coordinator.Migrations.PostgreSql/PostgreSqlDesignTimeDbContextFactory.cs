using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Transactions.Coordinator.Storage;
using Transactions.Storage;

namespace Transactions.Coordinator.Migrations.PostgreSql;

/// <summary>
/// Lets <c>dotnet ef</c> build a PostgreSql-configured <see cref="CoordinatorDbContext"/> whose migrations
/// assembly is this one. The connection string is never opened by <c>migrations add</c> or
/// <c>migrations script</c>; pass <c>--connection</c> to commands that do connect.
/// </summary>
public sealed class PostgreSqlDesignTimeDbContextFactory : IDesignTimeDbContextFactory<CoordinatorDbContext>
{
    /// <inheritdoc />
    public CoordinatorDbContext CreateDbContext(string[] args)
    {
        var options = new CoordinatorStorageOptions
        {
            Provider = StorageProvider.PostgreSql,
            ConnectionString = "Host=localhost;Database=coordinator;Username=design;Password=design",
            MigrationsAssembly = typeof(PostgreSqlDesignTimeDbContextFactory).Assembly.GetName().Name,
        };
        return new CoordinatorDbContext(new DbContextOptionsBuilder<CoordinatorDbContext>().UseCoordinatorStorage(options).Options);
    }
}
