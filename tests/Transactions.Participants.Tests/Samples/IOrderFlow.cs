namespace Transactions.Participants.Tests.Samples;

/// <summary>[GlobalTransactional] methods of every async shape, with the attribute on the implementation.</summary>
public interface IOrderFlow
{
    Task<int> PlaceAsync(int value, CancellationToken cancellationToken);

    Task FailAsync();

    ValueTask<long?> CurrentXidAsync();

    ValueTask NestedAsync();

    Task<long?> PlainXidAsync();

    Task ReserveAsync(string sku);
}
