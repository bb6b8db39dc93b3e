using System.Text.Json;
using Xunit;

namespace Transactions.Testing;

/// <summary>
/// Runs tests/conformance/call.js (the real @grpc/grpc-js client). Installs its npm packages with
/// <c>npm ci</c> the first time if node_modules is missing; fails clearly when Node.js is not installed.
/// </summary>
public static class NodeConformanceClient
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static bool s_installed;

    /// <summary>tests/conformance, where call.js and its package.json live.</summary>
    public static string ConformanceDirectory => Path.Combine(TestEnvironment.RepoRoot, "tests", "conformance");

    /// <summary>Proto root of the standard health service's .proto (tests/conformance/protos).</summary>
    public static string HealthProtoRoot => Path.Combine(ConformanceDirectory, "protos");

    /// <summary>The standard health service's .proto, relative to <see cref="HealthProtoRoot"/>.</summary>
    public const string HealthProto = "grpc/health/v1/health.proto";

    /// <summary>
    /// Calls the standard <c>grpc.health.v1.Health/Check</c> for <paramref name="service"/> (the whole server when
    /// empty) with the Node client; returns the status name (e.g. <c>SERVING</c>) or, for a failed call,
    /// <c>error {code}: {details}</c>.
    /// </summary>
    public static async Task<string> CheckHealthAsync(string address, string service = "")
    {
        var result = await CallAsync(HealthProtoRoot, HealthProto, "grpc.health.v1.Health", "Check", address, JsonSerializer.Serialize(new { service }));
        return result.GetProperty("ok").GetBoolean()
            ? result.GetProperty("response").GetProperty("status").GetString() ?? string.Empty
            : $"error {result.GetProperty("code").GetInt32()}: {result.GetProperty("details").GetString()}";
    }

    /// <summary>Calls a unary method and returns call.js's JSON outcome.</summary>
    public static async Task<JsonElement> CallAsync(
        string protoRoot, string protoFile, string service, string method, string address,
        string requestJson, string? metadataJson = null, int? deadlineMs = null)
    {
        await EnsureInstalledAsync();
        List<string> arguments = ["call.js", protoRoot, protoFile, service, method, address, requestJson];
        if (metadataJson is not null || deadlineMs is not null)
        {
            arguments.Add(metadataJson ?? "{}");
        }

        if (deadlineMs is int deadline)
        {
            arguments.Add(deadline.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var result = await ProcessRunner.RunAsync("node", arguments, ConformanceDirectory, CallTimeout)
            ?? throw NodeMissing();
        if (result.ExitCode != 0)
        {
            Assert.Fail($"node call.js exited with {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        }

        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.Clone();
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (s_installed)
            {
                return;
            }

            var version = await ProcessRunner.RunAsync("node", ["--version"], ConformanceDirectory, CallTimeout)
                ?? throw NodeMissing();
            Assert.True(version.ExitCode == 0, $"'node --version' failed: {version.StandardError}");

            if (!IsInstalled())
            {
                // Other test processes may install at the same time: serialize through a machine-wide lock file.
                using var machineLock = await AcquireFileLockAsync(Path.Combine(Path.GetTempPath(), "transactions-conformance-npm.lock"));
                if (!IsInstalled())
                {
                    var install = await ProcessRunner.RunAsync(
                        "npm", ["ci", "--no-audit", "--no-fund"], ConformanceDirectory, InstallTimeout)
                        ?? throw new InvalidOperationException("npm is not on PATH; install Node.js 20+ with npm to run the conformance tests.");
                    Assert.True(
                        install.ExitCode == 0 && IsInstalled(),
                        $"'npm ci' in {ConformanceDirectory} failed ({install.ExitCode}): {install.StandardError}");
                }
            }

            s_installed = true;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static bool IsInstalled() =>
        File.Exists(Path.Combine(ConformanceDirectory, "node_modules", "@grpc", "grpc-js", "package.json"))
        && File.Exists(Path.Combine(ConformanceDirectory, "node_modules", "@grpc", "proto-loader", "package.json"));

    private static async Task<FileStream> AcquireFileLockAsync(string path)
    {
        var deadline = TimeProvider.System.GetUtcNow() + InstallTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (TimeProvider.System.GetUtcNow() < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private static InvalidOperationException NodeMissing() =>
        new("Node.js ('node') is not on PATH. The gRPC conformance tests call the server with the real Node client "
            + "(@grpc/grpc-js): install Node.js 20+ with npm (e.g. apt-get install -y nodejs npm).");
}
