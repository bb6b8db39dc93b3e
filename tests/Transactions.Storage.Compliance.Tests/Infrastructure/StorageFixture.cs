using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Common.Ids;
using Transactions.Coordinator.Storage;
using Xunit;

namespace Transactions.Storage.Compliance.Tests.Infrastructure;

/// <summary>
/// One database per test class: created, migrated with the provider's migrations assembly, emptied
/// before each test, dropped at the end. Each provider says only how to create and drop its database.
/// </summary>
public abstract class StorageFixture : IAsyncLifetime
{
    private ServiceProvider? _services;

    /// <summary>Why the provider is unavailable here (the tests are then skipped and nothing is created), or null.</summary>
    protected abstract string? SkipReason { get; }

    /// <summary>The store under test.</summary>
    public ITransactionStore Store => Services.GetRequiredService<ITransactionStore>();

    /// <summary>The saga store under test.</summary>
    public ISagaStore Sagas => Services.GetRequiredService<ISagaStore>();

    /// <summary>The worker id store under test.</summary>
    public IWorkerIdStore WorkerIds => Services.GetRequiredService<IWorkerIdStore>();

    /// <summary>The storage services, as a host would build them.</summary>
    public IServiceProvider Services => _services ?? throw new InvalidOperationException("The fixture was not initialized.");

    /// <summary>Creates the database and returns the options pointing at it.</summary>
    protected abstract Task<CoordinatorStorageOptions> CreateDatabaseAsync();

    /// <summary>Drops the database.</summary>
    protected abstract Task DropDatabaseAsync();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        var options = await CreateDatabaseAsync();
        _services = new ServiceCollection()
            .AddCoordinatorStorage(o =>
            {
                o.Provider = options.Provider;
                o.ConnectionString = options.ConnectionString;
                o.AutoMigrate = false;
            })
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await _services.GetRequiredService<CoordinatorStorageMigrator>().MigrateAsync(CancellationToken.None);
    }

    /// <summary>Deletes every row, so each test starts from an empty database (claims see only their own rows).</summary>
    public async Task ResetAsync()
    {
        var contexts = Services.GetRequiredService<IDbContextFactory<CoordinatorDbContext>>();
        await using var context = await contexts.CreateDbContextAsync();
        await context.Events.ExecuteDeleteAsync();
        await context.SagaSteps.ExecuteDeleteAsync();
        await context.Sagas.ExecuteDeleteAsync();
        await context.Branches.ExecuteDeleteAsync();
        await context.GlobalTransactions.ExecuteDeleteAsync();
        await context.WorkerLeases.ExecuteDeleteAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_services is null)
        {
            return;
        }

        await _services.DisposeAsync();
        await DropDatabaseAsync();
    }
}
