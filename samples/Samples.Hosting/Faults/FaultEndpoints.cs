using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Samples.Contracts.Faults;

namespace Samples.Hosting.Faults;

/// <summary><c>GET</c> and <c>PUT /api/faults</c>: read and set the failure switches.</summary>
public static class FaultEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    /// <param name="endpoints">The endpoints.</param>
    /// <returns>The endpoints.</returns>
    public static IEndpointRouteBuilder MapFaultSwitches(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/faults", (FaultSwitches faults) => Results.Ok(faults.Current));
        endpoints.MapPut("/api/faults", (FaultSettings settings, FaultSwitches faults) =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (settings.ConfirmDelayMs is < 0 or > FaultSwitches.MaxConfirmDelayMs)
            {
                errors[nameof(settings.ConfirmDelayMs)] = [$"Must be between 0 and {FaultSwitches.MaxConfirmDelayMs}."];
            }

            if (settings.ConfirmFailures is < 0 or > FaultSwitches.MaxConfirmFailures)
            {
                errors[nameof(settings.ConfirmFailures)] = [$"Must be between 0 and {FaultSwitches.MaxConfirmFailures}."];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            faults.Set(settings);
            return Results.Ok(faults.Current);
        });
        return endpoints;
    }

    /// <summary>Registers <see cref="FaultSwitches"/>.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddFaultSwitches(this IServiceCollection services)
    {
        services.AddSingleton<FaultSwitches>();
        return services;
    }
}
