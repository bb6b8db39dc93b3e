using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Transactions.Admin.Security;
using Transactions.Coordinator.Hosting;
using Transactions.Testing;

namespace Transactions.Observability.Tests.Infrastructure;

/// <summary>
/// The real coordinator host (<see cref="CoordinatorHostExtensions"/>) on SQLite, in this process, so in-process
/// listeners see its spans and metrics. gRPC on one HTTP/2 port, admin API on an HTTP/1.1 port.
/// </summary>
public sealed class InProcessCoordinator : IAsyncDisposable
{
    public const string AdminKey = "observability-admin-key-0123456789";

    private readonly string _directory;

    private InProcessCoordinator(WebApplication app, string directory, int grpcPort, int httpPort)
    {
        App = app;
        _directory = directory;
        GrpcAddress = $"http://127.0.0.1:{grpcPort}";
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
    }

    public WebApplication App { get; }

    public string GrpcAddress { get; }

    public Uri HttpAddress { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<InProcessCoordinator> StartAsync(
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var directory = Directory.CreateTempSubdirectory("tx-observability-").FullName;
        var grpcPort = FreePort.Next();
        var httpPort = FreePort.Next();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = directory,
            EnvironmentName = Environments.Production,
        });
        var config = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{grpcPort}",
            ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{httpPort}",
            ["Kestrel:Endpoints:Http:Protocols"] = "Http1",
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "coordinator.db")}",
            ["Coordinator:InstanceId"] = $"observability-{grpcPort}",
            ["Coordinator:Metrics:RefreshInterval"] = "00:00:00.200",
            ["Admin:ApiKeys:0:Name"] = "reader",
            ["Admin:ApiKeys:0:Hash"] = ApiKeyHash.Compute(AdminKey),
            ["Admin:ApiKeys:0:Role"] = "ReadOnly",
            ["Security:AllowAnonymous"] = "true", // Production environment, no application keys
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.AddCoordinatorHost();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapCoordinatorHost();
        await app.StartAsync();
        return new InProcessCoordinator(app, directory, grpcPort, httpPort);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
