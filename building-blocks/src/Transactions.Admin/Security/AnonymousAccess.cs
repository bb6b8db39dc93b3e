using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Transactions.Admin.Security;

/// <summary>
/// Secure by default: outside the Development environment a service starts only with application keys required
/// (<c>Security:RequireApplicationKeys</c>) and admin keys configured (<c>Admin:ApiKeys</c>), unless
/// <c>Security:AllowAnonymous</c> says otherwise explicitly; a service that runs open says so in its log at start.
/// </summary>
public static partial class AnonymousAccess
{
    /// <summary>The setting that lets a service start without keys outside Development.</summary>
    public const string Setting = "Security:AllowAnonymous";

    /// <summary>What is open in this configuration (empty when nothing is).</summary>
    /// <param name="requireApplicationKeys">Whether every call must present an application key.</param>
    /// <param name="adminKeys">How many admin keys are configured.</param>
    /// <returns>The open parts, for a message.</returns>
    public static IReadOnlyList<string> OpenParts(bool requireApplicationKeys, int adminKeys)
    {
        var open = new List<string>();
        if (!requireApplicationKeys)
        {
            open.Add("calls without an application key are accepted (Security:RequireApplicationKeys is false)");
        }

        if (adminKeys == 0)
        {
            open.Add("no admin key is configured (Admin:ApiKeys is empty, so the admin API and console are closed to everyone)");
        }

        return open;
    }

    /// <summary>The start-up failure for this configuration, or null when the service may start.</summary>
    /// <param name="environment">The host environment.</param>
    /// <param name="allowAnonymous">The <see cref="Setting"/> value.</param>
    /// <param name="requireApplicationKeys">Whether every call must present an application key.</param>
    /// <param name="adminKeys">How many admin keys are configured.</param>
    /// <returns>The failure, or null.</returns>
    public static string? Problem(IHostEnvironment environment, bool allowAnonymous, bool requireApplicationKeys, int adminKeys)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var open = OpenParts(requireApplicationKeys, adminKeys);
        return environment.IsDevelopment() || allowAnonymous || open.Count == 0
            ? null
            : $"Outside Development this service starts only with keys: {string.Join("; ", open)}. Configure Security:Applications "
                + $"with Security:RequireApplicationKeys=true and Admin:ApiKeys, or set {Setting}=true to run without them (environment '{environment.EnvironmentName}').";
    }

    /// <summary>
    /// Logs at start that the service runs with open parts: a warning, or an Information line in the Development
    /// environment, where running without keys is the expected local set-up (a clean first start has no warning).
    /// </summary>
    /// <param name="logger">The logger.</param>
    /// <param name="requireApplicationKeys">Whether every call must present an application key.</param>
    /// <param name="adminKeys">How many admin keys are configured.</param>
    /// <param name="development">Whether the host runs in the Development environment.</param>
    public static void WarnIfOpen(ILogger logger, bool requireApplicationKeys, int adminKeys, bool development = false)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (OpenParts(requireApplicationKeys, adminKeys) is { Count: > 0 } open)
        {
            if (development)
            {
                Log.RunningOpenInDevelopment(logger, string.Join("; ", open));
            }
            else
            {
                Log.RunningOpen(logger, string.Join("; ", open));
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Running with anonymous access: {Open}. Set keys in production (see README, Admin API).")]
        public static partial void RunningOpen(ILogger logger, string open);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Development environment, running with anonymous access: {Open}. Outside Development the service needs keys or Security:AllowAnonymous=true (see README, Admin API).")]
        public static partial void RunningOpenInDevelopment(ILogger logger, string open);
    }
}
