using Transactions.Participants.IntegrationTests.Shipping;
using Transactions.Testing;

namespace Transactions.Participants.IntegrationTests.Infrastructure;

/// <summary>
/// One real coordinator process on PostgreSQL and the shipping saga participant (its own PostgreSQL database),
/// shared by the tests of one class. Each saga has its own xid, so tests do not see each other's effects.
/// </summary>
public sealed class SagaParticipantsFixture : AppsFixture
{
    public ShippingApp Shipping { get; private set; } = null!;

    protected override async Task StartAsync()
    {
        await StartCoordinatorAsync("tx_sdk_saga_tc");
        var shippingDb = Own(await PostgresDatabase.CreateAsync("tx_sdk_shipping"));
        Shipping = Own(await ShippingApp.StartAsync(shippingDb.ConnectionString, CoordinatorAddress, Log));
    }
}
