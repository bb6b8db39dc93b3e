using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Storage;
using Transactions.Storage;
using Transactions.Testing;

namespace Transactions.ReliableMessage.Storage.Compliance.Tests;

/// <summary>The compliance suite on a real PostgreSQL (a fresh database per test; the PostgreSQL fast paths).</summary>
[RequiresEnvironmentVariable(TestEnvironment.PostgresVariable)]
public sealed class PostgreSqlMessageStoreTests : MessageStoreComplianceTests
{
    private PostgresDatabase? _database;

    protected override async Task<MessageStorageOptions> CreateDatabaseAsync()
    {
        _database = await PostgresDatabase.CreateAsync("rm_store");
        return new MessageStorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = _database.ConnectionString };
    }

    /// <summary>
    /// The publish completion and acknowledgements run as Npgsql batches outside EF: they must still honour
    /// <c>Storage:CommandTimeoutSeconds</c> (a batch made on the connection would wait the connection string's 30 s).
    /// </summary>
    [Fact]
    public async Task AckAndCompletePublish_RowsLockedLongerThanTheCommandTimeout_FailAfterTheConfiguredTimeoutAndChangeNothing()
    {
        var services = new ServiceCollection();
        services.AddPooledDbContextFactory<MessageDbContext>(b => b.UseReliableMessageStorage(new MessageStorageOptions
        {
            Provider = StorageProvider.PostgreSql,
            ConnectionString = _database!.ConnectionString,
            CommandTimeoutSeconds = 1,
        }));
        await using var provider = services.BuildServiceProvider();
        var impatient = new EfMessageStore(provider.GetRequiredService<IDbContextFactory<MessageDbContext>>(), NullLogger<EfMessageStore>.Instance);
        const long T0 = 1_800_000_000_000;
        var id = (await Sut.PrepareAsync(
            new StoredMessage
            {
                MessageId = 424_242,
                Topic = "orders",
                Payload = [1],
                ProducerGroup = "orders-service",
                Status = MessageStatus.Prepared,
                CreatedUnixMs = T0,
                UpdatedUnixMs = T0,
                NextAttemptUnixMs = T0 + 30_000,
            },
            default)).Message.MessageId;
        await Sut.CommitAsync(new MessageTransition(id, T0 + 1_000, AllowParked: true, "instance-a", T0 + 31_000), default);
        await Sut.InsertPendingDeliveriesAsync([new(id, "warehouse")], T0 + 2_000, default);

        await using (var blocker = new NpgsqlConnection(_database!.ConnectionString))
        {
            await blocker.OpenAsync();
            await using var hold = await blocker.BeginTransactionAsync();
            await using (var lockRows = new NpgsqlCommand($"SELECT 1 FROM rm_deliveries WHERE message_id = {id} FOR UPDATE", blocker, hold))
            {
                await lockRows.ExecuteNonQueryAsync();
            }

            var waited = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => impatient.AckAsync("warehouse", [id], T0 + 3_000, default));
            await Assert.ThrowsAnyAsync<NpgsqlException>(() =>
                impatient.CompletePublishAsync(new PublishCompletion([id], T0 + 3_000, T0 + 63_000, []), default));
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), $"Both calls together took {waited.Elapsed}: the 1 s command timeout was not applied.");
            await hold.RollbackAsync();
        }

        var snapshot = await Sut.LoadAsync(id, default);
        Assert.Equal(MessageStatus.Committed, snapshot!.Message.Status);
        Assert.Equal(DeliveryStatus.Pending, Assert.Single(snapshot.Deliveries).Status);
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
