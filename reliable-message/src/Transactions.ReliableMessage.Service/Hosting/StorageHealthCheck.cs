using Microsoft.Extensions.Diagnostics.HealthChecks;
using Transactions.ReliableMessage.Storage;

namespace Transactions.ReliableMessage.Service.Hosting;

/// <summary>Healthy when the message store answers a read.</summary>
public sealed class StorageHealthCheck(IMessageStore store) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Id 0 is never issued: this is a pure round trip to the database.
            await store.FindAsync(0, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The message store is unreachable: " + ex.Message);
        }
    }
}
