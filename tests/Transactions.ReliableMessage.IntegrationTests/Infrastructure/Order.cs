namespace Transactions.ReliableMessage.IntegrationTests.Infrastructure;

/// <summary>The producer's business row.</summary>
public sealed class Order
{
    public string Id { get; set; } = string.Empty;
}
