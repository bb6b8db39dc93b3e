using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Samples.Hosting.Logging;

namespace Samples.Hosting.Hosting;

/// <summary>What every sample service does at start: logging, errors as ProblemDetails, JSON, health.</summary>
public static class SampleHostExtensions
{
    /// <summary>
    /// Serilog (xid on every line), ProblemDetails for every error (never a stack trace), enums as strings in JSON,
    /// <see cref="TimeProvider.System"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="application">The service's name.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder AddSampleHost(this WebApplicationBuilder builder, string application)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSampleLogging(application);
        builder.Services.AddProblemDetails();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }

    /// <summary>
    /// The middleware every sample service runs: errors as ProblemDetails, the <c>tx-xid</c> header as the ambient
    /// transaction (and in the log scope), and <c>GET /health</c>.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication UseSampleHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseTransactionPropagation();
        app.UseMiddleware<XidLogScopeMiddleware>();
        app.MapGet("/health", () => Results.Ok(new { status = "healthy" }));
        return app;
    }
}
