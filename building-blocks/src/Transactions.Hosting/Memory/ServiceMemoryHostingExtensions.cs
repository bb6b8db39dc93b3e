using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Transactions.Hosting.Memory;

/// <summary>Registers how a service returns memory after a burst (<see cref="ServiceMemoryOptions"/>).</summary>
public static class ServiceMemoryHostingExtensions
{
    /// <summary>
    /// Binds <c>Memory</c>, counts requests, runs <see cref="IdleMemoryReturner"/> and (by default) gives Kestrel
    /// <see cref="SharedBufferPoolFactory"/>. Call before the host is built; add <see cref="UseRequestActivity"/> first in the pipeline.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder AddServiceMemory(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(ServiceMemoryOptions.SectionName);
        builder.Services.AddOptions<ServiceMemoryOptions>().Bind(section)
            .Validate(o => o.RequestBodyBudgetMegabytes > 0 && o.MinimumGrowthMegabytes >= 0, "Memory:RequestBodyBudgetMegabytes must be positive and Memory:MinimumGrowthMegabytes not negative.")
            .Validate(o => o.IdleAfter > TimeSpan.Zero && o.CheckInterval > TimeSpan.Zero, "Memory:IdleAfter and Memory:CheckInterval must be positive.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RequestActivity>();
        builder.Services.AddSingleton(sp => new RequestBodyBudget(
            (long)sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ServiceMemoryOptions>>().Value.RequestBodyBudgetMegabytes * 1024 * 1024));
        builder.Services.AddSingleton<IdleMemoryReturner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IdleMemoryReturner>());
        if (section.GetValue(nameof(ServiceMemoryOptions.UseSharedBufferPool), true))
        {
            // Before Kestrel's own TryAdd of its default factory, so this one is used.
            builder.Services.AddSingleton<IMemoryPoolFactory<byte>, SharedBufferPoolFactory>();
        }

        return builder;
    }

    /// <summary>Counts every request for the idle check (put it first in the pipeline).</summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static IApplicationBuilder UseRequestActivity(this IApplicationBuilder app) => app.UseMiddleware<RequestActivityMiddleware>();
}
