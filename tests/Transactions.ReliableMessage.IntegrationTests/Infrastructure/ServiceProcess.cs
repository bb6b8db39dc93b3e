using Grpc.Core;
using Transactions.Admin.Security;
using Transactions.ReliableMessage.Protocol.V1;
using Transactions.Testing;

namespace Transactions.ReliableMessage.IntegrationTests.Infrastructure;

/// <summary>
/// A real reliable-message service process (the built Transactions.ReliableMessage.Service.dll, a
/// <see cref="HostProcess"/>) on its own ports, configured through environment variables, with its output kept for
/// diagnostics. <see cref="HostProcess.Kill"/> is SIGKILL.
/// </summary>
public sealed class ServiceProcess : HostProcess
{
    /// <summary>The admin key with the operator role (name <see cref="OperatorName"/>) every test service accepts.</summary>
    public const string OperatorKey = "test-operator-key-0123456789";

    /// <summary>The name of <see cref="OperatorKey"/>: the actor in the audit log.</summary>
    public const string OperatorName = "test-operator";

    /// <summary>The admin key with the read-only role (name <c>test-viewer</c>) every test service accepts.</summary>
    public const string ViewerKey = "test-viewer-key-0123456789";

    private ServiceProcess(IReadOnlyDictionary<string, string> settings, IDictionary<string, string>? overrides)
        : base(
            "reliable-message service",
            BuiltAssembly.Locate("reliable-message/src/Transactions.ReliableMessage.Service", "tests/Transactions.ReliableMessage.IntegrationTests"),
            settings,
            overrides)
    {
    }

    /// <summary>Client of the service API over one shared channel.</summary>
    public ReliableMessageService.ReliableMessageServiceClient Client => new(Channel);

    /// <summary>Client of the admin API; send <see cref="AsOperator"/> or <see cref="AsViewer"/> with each call.</summary>
    public ReliableMessageAdmin.ReliableMessageAdminClient Admin => new(Channel);

    /// <summary>Call options carrying <see cref="OperatorKey"/>.</summary>
    public static CallOptions AsOperator => new(new Metadata { { "x-api-key", OperatorKey } });

    /// <summary>Call options carrying <see cref="ViewerKey"/>.</summary>
    public static CallOptions AsViewer => new(new Metadata { { "x-api-key", ViewerKey } });

    /// <summary>
    /// Starts a service on PostgreSQL (<paramref name="connectionString"/>) with the Kafka transport (or push when
    /// <paramref name="transport"/> says so) and extra settings (environment-variable names, e.g.
    /// <c>ReliableMessage__CheckDelay</c>).
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string connectionString, string transport = "Kafka", IDictionary<string, string>? settings = null)
    {
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage__Provider"] = "PostgreSql",
            ["Storage__ConnectionString"] = connectionString,
            ["Storage__AutoMigrate"] = "true",
            ["ReliableMessage__Transport"] = transport,
            ["Kafka__BootstrapServers"] = TestEnvironment.KafkaBootstrapServers ?? "127.0.0.1:1",
            ["Kafka__ApiVersionRequest"] = "false",
            ["Kafka__BrokerVersionFallback"] = "0.9.0.1",
            ["Serilog__MinimumLevel__Default"] = "Information",
            ["Admin__ApiKeys__0__Name"] = OperatorName,
            ["Admin__ApiKeys__0__Hash"] = ApiKeyHash.Compute(OperatorKey),
            ["Admin__ApiKeys__0__Role"] = "Operator",
            ["Admin__ApiKeys__1__Name"] = "test-viewer",
            ["Admin__ApiKeys__1__Hash"] = ApiKeyHash.Compute(ViewerKey),
            ["Admin__ApiKeys__1__Role"] = "ReadOnly",

            // Tests run the Production environment without application keys unless they configure some.
            ["Security__AllowAnonymous"] = "true",
        };
        return await StartedAsync(new ServiceProcess(defaults, settings));
    }
}
