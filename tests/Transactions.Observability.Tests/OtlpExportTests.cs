using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Transactions.Coordinator.Diagnostics;
using Transactions.Observability.Tests.Infrastructure;
using Transactions.Telemetry;
using Transactions.Testing;

namespace Transactions.Observability.Tests;

/// <summary>
/// OTLP export of the coordinator host (OpenTelemetry.Extensions.Hosting): registered only when an endpoint is configured;
/// http/protobuf to a collector.
/// </summary>
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
        Assert.NotNull(coordinator.Services.GetService<MeterProvider>());
        Assert.NotNull(coordinator.Services.GetService<TracerProvider>());
        using (var span = CoordinatorDiagnostics.StartParticipantCall("Confirm", 1, 2, "resource", "http://127.0.0.1:1"))
        {
            Assert.NotNull(span);
        }

        await Eventually.WaitAsync(
            () => Task.FromResult(received.Any(r => r.Path == "/v1/metrics" && r.Length > 0)),
            TimeSpan.FromSeconds(60),
            "an OTLP metrics export");

        // Spans go out in batches (every 5 s by default), and the rest when the host's services are disposed.
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

        // Nothing of OpenTelemetry is registered: no provider, so no listener and no exporter.
        Assert.Null(coordinator.Services.GetService<MeterProvider>());
        Assert.Null(coordinator.Services.GetService<TracerProvider>());
    }

    [Fact]
    public void An_endpoint_that_is_not_an_http_url_fails_validation_and_exports_nothing()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["OpenTelemetry:Otlp:Endpoint"] = "collector:4318" })
            .Build();
        using var services = new ServiceCollection()
            .AddOtlpExport(configuration, new TelemetrySources("test", ["test"], ["test"]))
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<OtlpExportOptions>>().Value);
        Assert.Contains("OpenTelemetry:Otlp:Endpoint", error.Message, StringComparison.Ordinal);
        Assert.Null(services.GetService<TracerProvider>());
        Assert.Null(services.GetService<MeterProvider>());
    }
}
