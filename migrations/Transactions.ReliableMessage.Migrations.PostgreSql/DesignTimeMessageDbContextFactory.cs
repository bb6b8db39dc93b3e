using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Transactions.ReliableMessage.Storage;
using Transactions.Storage;

namespace Transactions.ReliableMessage.Migrations.PostgreSql;

/// <summary>
/// Used by <c>dotnet ef</c> only: a PostgreSql context configured exactly as at run time. The connection string is a
/// placeholder (migrations are generated from the model, never against a server); set
/// <c>RM_DESIGN_CONNECTION</c> to run <c>dotnet ef database update</c> against a real database.
/// </summary>
public sealed class DesignTimeMessageDbContextFactory : IDesignTimeDbContextFactory<MessageDbContext>
{
    /// <inheritdoc />
    public MessageDbContext CreateDbContext(string[] args)
    {
        var options = new MessageStorageOptions
        {
            Provider = StorageProvider.PostgreSql,
            MigrationsAssembly = typeof(DesignTimeMessageDbContextFactory).Assembly.GetName().Name,
            ConnectionString = Environment.GetEnvironmentVariable("RM_DESIGN_CONNECTION") is { Length: > 0 } cs ? cs : "Host=localhost;Database=reliable_message_design;Username=design;Password=design",
        };
        return new MessageDbContext(new DbContextOptionsBuilder<MessageDbContext>().UseReliableMessageStorage(options).Options);
    }
}
