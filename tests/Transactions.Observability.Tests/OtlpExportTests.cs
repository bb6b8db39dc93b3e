using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Transactions.Coordinator.Diagnostics;
using Transactions.Observability.Tests.Infrastructure;
using Transactions.Telemetry;
using Transactions.Testing;

namespace Transactions.Observability.Tests;

/// <summary>OTLP export of the coordinator host: on only when an endpoint is configured; http/protobuf to a collector.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task With_an_endpoint_the_coordinator_pushes_metrics_and_traces_over_otlp_http_protobuf()
    {
        var received = new ConcurrentQueue<(string Path, string? ContentType, long Length)>();
        var collectorPort = FreePort.Next();
        var collectorBuilder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.CreateTempSubdirectory("tx-otlp-").FullName,
            EnvironmentName = Environments.Production,
        });
        collectorBuilder.WebHost.UseUrls($"http://127.0.0.1:{collectorPort}");
        await using var collector = collectorBuilder.Build();
        collector.MapPost("/v1/{signal}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            received.Enqueue((http.Request.Path, http.Request.ContentType, body.Length));
            return Results.Ok();
        });
        await collector.StartAsync();

        await using var coordinator = await InProcessCoordinator.StartAsync(new Dictionary<string, string?>
        {
            ["OpenTelemetry:Otlp:Endpoint"] = $"http://127.0.0.1:{collectorPort}",
            ["OpenTelemetry:Otlp:MetricExportInterval"] = "00:00:00.500",
        });
        Assert.True(coordinator.Services.GetRequiredService<OtlpExportService>().IsExporting);
        using (var span = CoordinatorDiagnostics.StartParticipantCall("Confirm", 1, 2, "resource", "http://127.0.0.1:1"))
        {
            Assert.NotNull(span);
        }

        await Eventually.WaitAsync(
            () => Task.FromResult(received.Any(r => r.Path == "/v1/metrics" && r.Length > 0)),
            TimeSpan.FromSeconds(60),
            "an OTLP metrics export");

        // Spans go out in batches (every 5 s by default) and at the latest when the provider is disposed on stop.
        await coordinator.App.StopAsync();
        await Eventually.WaitAsync(
            () => Task.FromResult(received.Any(r => r.Path == "/v1/traces" && r.Length > 0)),
            TimeSpan.FromSeconds(60),
            "an OTLP traces export");
        Assert.All(received, r => Assert.Equal("application/x-protobuf", r.ContentType));
        await collector.StopAsync();
    }

    [Fact]
    public async Task Without_an_endpoint_nothing_is_exported()
    {
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable(OtlpExportOptions.EndpointEnvironmentVariable)), "the test needs OTEL_EXPORTER_OTLP_ENDPOINT unset");
        await using var coordinator = await InProcessCoordinator.StartAsync();
        var service = coordinator.Services.GetRequiredService<OtlpExportService>();
        Assert.False(service.IsExporting);
        Assert.Null(service.ResolveEndpoint());
    }
}
