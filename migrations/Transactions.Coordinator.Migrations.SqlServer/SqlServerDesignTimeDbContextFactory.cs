using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Transactions.Coordinator.Storage;
using Transactions.Storage;

namespace Transactions.Coordinator.Migrations.SqlServer;

/// <summary>
/// Lets <c>dotnet ef</c> build a SqlServer-configured <see cref="CoordinatorDbContext"/> whose migrations
/// assembly is this one. The connection string is never opened by <c>migrations add</c> or
/// <c>migrations script</c>; pass <c>--connection</c> to commands that do connect.
/// </summary>
public sealed class SqlServerDesignTimeDbContextFactory : IDesignTimeDbContextFactory<CoordinatorDbContext>
{
    /// <inheritdoc />
    public CoordinatorDbContext CreateDbContext(string[] args)
    {
        var options = new CoordinatorStorageOptions
        {
            Provider = StorageProvider.SqlServer,
            ConnectionString = "Server=localhost;Database=coordinator;User Id=design;Password=design;TrustServerCertificate=true",
            MigrationsAssembly = typeof(SqlServerDesignTimeDbContextFactory).Assembly.GetName().Name,
        };
        return new CoordinatorDbContext(new DbContextOptionsBuilder<CoordinatorDbContext>().UseCoordinatorStorage(options).Options);
    }
}
