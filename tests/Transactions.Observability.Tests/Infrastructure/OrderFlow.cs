using Transactions.Participants;

namespace Transactions.Observability.Tests.Infrastructure;

/// <summary>[GlobalTransactional]: calls <c>POST /reserve</c> on both participants with the xid propagated.</summary>
public sealed class OrderFlow(IHttpClientFactory clients) : IOrderFlow
{
    public const string First = "first";
    public const string Second = "second";

    [GlobalTransactional(Name = "place-order", TimeoutMs = 60_000)]
    public async Task PlaceAsync(bool fail, CancellationToken cancellationToken)
    {
        foreach (var name in new[] { First, Second })
        {
            using var response = await clients.CreateClient(name).PostAsync(new Uri("/reserve", UriKind.Relative), null, cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        if (fail)
        {
            throw new InvalidOperationException("business failure after both Try calls");
        }
    }
}
