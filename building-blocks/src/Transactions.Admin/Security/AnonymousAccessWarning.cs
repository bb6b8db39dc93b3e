using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Transactions.Admin.Security;

/// <summary>Logs at start what a service leaves open (<see cref="AnonymousAccess.WarnIfOpen"/>), once.</summary>
/// <param name="requireApplicationKeys">Whether every call must present an application key.</param>
/// <param name="adminKeys">How many admin keys are configured.</param>
/// <param name="environment">The host environment (Development logs it at Information).</param>
/// <param name="logger">The logger.</param>
public sealed class AnonymousAccessWarning(bool requireApplicationKeys, int adminKeys, IHostEnvironment environment, ILogger<AnonymousAccessWarning> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        AnonymousAccess.WarnIfOpen(logger, requireApplicationKeys, adminKeys, environment.IsDevelopment());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
