using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;

namespace Transactions.Participants.IntegrationTests.Infrastructure;

/// <summary>Counts requests per path (as a service team's metrics middleware would): how often the coordinator called.</summary>
public sealed class DeliveryCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.OrdinalIgnoreCase);

    public int this[string path] => _counts.TryGetValue(path, out var count) ? count : 0;

    public void UseIn(WebApplication app) => app.Use(async (context, next) =>
    {
        _counts.AddOrUpdate(context.Request.Path.Value ?? string.Empty, 1, static (_, count) => count + 1);
        await next(context);
    });
}
