using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transactions.Admin.Security;

namespace Transactions.Admin.Tests;

/// <summary>A real Kestrel on 127.0.0.1 with one read endpoint and one operator endpoint behind the admin policies.</summary>
internal sealed class SecuredServer : IAsyncDisposable
{
    public const string ViewerKey = "viewer-key-0123456789";
    public const string OperatorKey = "operator-key-0123456789";

    private readonly WebApplication _app;

    private SecuredServer(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = address };
    }

    public HttpClient Client { get; }

    public static async Task<SecuredServer> StartAsync(Action<AdminSecurityOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddAdminSecurity(configure ?? DefaultKeys);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseAdminRequestLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/read", (ClaimsPrincipal user) => Results.Text($"read by {user.Identity!.Name}"))
            .RequireAuthorization(AdminAuthentication.ReadPolicy);
        app.MapPost("/act", (ClaimsPrincipal user) => Results.Text($"acted by {user.Identity!.Name}"))
            .RequireAuthorization(AdminAuthentication.OperatePolicy);
        app.MapPost("/api/v1/admin/echo", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            return Results.Text($"read {(await reader.ReadToEndAsync()).Length} characters");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new SecuredServer(app, new Uri(address));
    }

    public static void DefaultKeys(AdminSecurityOptions options)
    {
        options.ApiKeys.Add(new AdminApiKey { Name = "viewer", Hash = ApiKeyHash.Compute(ViewerKey), Role = AdminRole.ReadOnly });
        options.ApiKeys.Add(new AdminApiKey { Name = "alice", Hash = ApiKeyHash.Compute(OperatorKey), Role = AdminRole.Operator });
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
