using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Samples.Hosting.Database;

/// <summary>
/// Creates the database and its tables before the service takes requests (<c>EnsureCreated</c>; samples only). On
/// SQLite it also switches the file to WAL, so readers do not block the writer.
/// </summary>
/// <typeparam name="TContext">The service's DbContext.</typeparam>
internal sealed partial class SchemaCreator<TContext>(
    IServiceScopeFactory scopes,
    IOptions<SampleDatabaseOptions> options,
    ILogger<SchemaCreator<TContext>> logger) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var created = await db.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            if (options.Value.Provider == SampleDatabaseProvider.Sqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            }

            LogReady(logger, typeof(TContext).Name, options.Value.Provider, created);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9000, Level = LogLevel.Information, Message = "Database of {Context} ready on {Provider} (schema created now: {Created})")]
    private static partial void LogReady(ILogger logger, string context, SampleDatabaseProvider provider, bool created);
}
