using Transactions.Protocol.V1;

namespace Transactions.Testing;

/// <summary>
/// A real coordinator process (the built Transactions.Coordinator.dll, a <see cref="HostProcess"/>) on its own ports,
/// configured through environment variables, with its output kept for diagnostics. Kill() is SIGKILL.
/// </summary>
public sealed class CoordinatorProcess : HostProcess
{
    private CoordinatorProcess(IReadOnlyDictionary<string, string> settings, IDictionary<string, string>? overrides)
        : base("coordinator", BuiltAssembly.Locate("coordinator/src/Transactions.Coordinator"), settings, overrides)
    {
    }

    /// <summary>TM client over one shared channel.</summary>
    public TransactionManager.TransactionManagerClient Tm => new(Channel);

    /// <summary>RM client over one shared channel.</summary>
    public ResourceManager.ResourceManagerClient Rm => new(Channel);

    /// <summary>Starts a coordinator on SQLite (a temp file) or PostgreSQL, with extra settings.</summary>
    public static async Task<CoordinatorProcess> StartAsync(string provider, string connectionString, IDictionary<string, string>? settings = null)
    {
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage__Provider"] = provider,
            ["Storage__ConnectionString"] = connectionString,
            ["Storage__AutoMigrate"] = "true",
            ["Serilog__MinimumLevel__Default"] = "Information",

            // Tests run the Production environment without keys unless they configure some (secure by default otherwise).
            ["Security__AllowAnonymous"] = "true",
        };
        return await StartedAsync(new CoordinatorProcess(defaults, settings));
    }
}
