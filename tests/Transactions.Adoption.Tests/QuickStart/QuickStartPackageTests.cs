using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Transactions.Protocol.V1;
using Transactions.Testing;

namespace Transactions.Adoption.Tests.QuickStart;

/// <summary>
/// The packages stand alone: `./build.sh pack` writes them, samples/QuickStart (outside Transactions.sln, with no
/// ProjectReference into the repository) installs them by PackageReference into an empty NuGet package folder,
/// builds, and runs a global transaction through a real coordinator process: the Try on its API, the Confirm from
/// the coordinator on the same HTTP/1.1 port.
/// </summary>
public sealed class QuickStartPackageTests
{
    private static readonly string Root = TestEnvironment.RepoRoot;
    private static readonly string[] ServiceTeamPackages =
    [
        "Transactions.Participants", "Transactions.Participants.EntityFrameworkCore", "Transactions.Participants.Fence",
        "Transactions.Locking", "Transactions.ReliableMessage.Producer", "Transactions.ReliableMessage.Consumer",
        "Transactions.Participants.Hangfire",
    ];

    [Fact]
    public async Task The_quick_start_installs_the_packed_SDK_and_runs_a_global_transaction_through_a_coordinator()
    {
        var work = Directory.CreateTempSubdirectory("quickstart-").FullName;
        try
        {
            var feed = Path.Combine(Root, ".artifacts", "packages");
            await RunToEndAsync("bash", ["build.sh", "pack"], Root);
            var version = PackedVersion(feed);
            CheckPackages(feed, version);

            // An empty package folder: every package is restored from the feeds, ours from the local folder feed.
            var cache = Path.Combine(work, "nuget-packages");
            var sample = Path.Combine(Root, "samples", "QuickStart");
            var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = cache, ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
            await RunToEndAsync("dotnet", ["restore", "--force", $"-p:TransactionsVersion={version}"], sample, environment);
            await RunToEndAsync("dotnet", ["build", "--no-restore", "-c", "Release", "--nologo", $"-p:TransactionsVersion={version}"], sample, environment);
            Assert.True(Directory.Exists(Path.Combine(cache, "transactions.participants", version)), "Transactions.Participants was not restored into the empty package folder");
            using (var assets = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(sample, "obj", "project.assets.json"))))
            {
                var libraries = assets.RootElement.GetProperty("libraries");
                foreach (var id in new[] { "Transactions.Participants", "Transactions.Participants.EntityFrameworkCore", "Transactions.Participants.Fence", "Transactions.Protocol", "Transactions.Common" })
                {
                    Assert.True(libraries.TryGetProperty($"{id}/{version}", out var library), $"{id} {version} is not in the sample's restore");
                    Assert.Equal("package", library.GetProperty("type").GetString());
                }
            }

            await using var coordinator = await CoordinatorProcess.StartAsync("Sqlite", $"Data Source={Path.Combine(work, "coordinator.db")}");
            var port = FreePort.Next();
            var address = $"http://127.0.0.1:{port}";
            var output = Path.Combine(sample, "bin", "Release", "net10.0");
            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
            await using var app = await ChildProcess.StartNewAsync(new ChildProcessOptions
            {
                Name = "the quick start",
                FileName = "dotnet",
                Arguments = ["QuickStart.dll"],
                WorkingDirectory = output,
                Environment = new Dictionary<string, string>
                {
                    ["Urls"] = address,
                    ["Transactions__CoordinatorAddress"] = coordinator.GrpcAddress,
                    ["Transactions__ParticipantEndpoint"] = address,
                    ["ConnectionStrings__Wallet"] = $"Data Source={Path.Combine(work, "wallet.db")}",
                },
                Ready = ReadyWhen.Condition("the quick start answering", async _ => await TryGetAccountAsync(http) is not null),
                StartTimeout = TimeSpan.FromSeconds(60),
                PollInterval = TimeSpan.FromMilliseconds(50),
            });

            using var paid = await http.PostAsJsonAsync("/api/payments", new { account = "alice", amount = 30 });
            Assert.True(paid.StatusCode == HttpStatusCode.OK, $"{paid.StatusCode}: {await paid.Content.ReadAsStringAsync()}\n{app.Output}");
            var payment = (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("xid").GetInt64();
            await Eventually.WaitAsync(async () => (await TryGetAccountAsync(http))?.Spent == 30, TimeSpan.FromSeconds(60), $"the coordinator's Confirm\n{app.Output}");
            Assert.Equal(new AccountView(70, 0, 30), await TryGetAccountAsync(http));
            Assert.Equal(GlobalStatus.Committed, (await coordinator.Tm.GetStatusAsync(new GetStatusRequest { Xid = payment })).Status);

            using var refused = await http.PostAsJsonAsync("/api/payments", new { account = "alice", amount = 300 });
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal(new AccountView(70, 0, 30), await TryGetAccountAsync(http));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Runs a command to its end; fails with its output unless it exits with 0 within 10 minutes.</summary>
    private static async Task RunToEndAsync(string fileName, string[] arguments, string workingDirectory, IDictionary<string, string>? environment = null)
    {
        var result = await ProcessRunner.RunAsync(fileName, arguments, workingDirectory, TimeSpan.FromMinutes(10), environment);
        Assert.NotNull(result);
        Assert.True(result.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}");
    }

    private static string PackedVersion(string feed)
    {
        var props = XDocument.Load(Path.Combine(Root, "Directory.Build.props"));
        var version = props.Descendants("VersionPrefix").Single().Value;
        Assert.True(File.Exists(Path.Combine(feed, $"Transactions.Participants.{version}.nupkg")), $"no Transactions.Participants {version} in {feed}");
        return version;
    }

    /// <summary>Each package a team installs: its README, the assembly with its XML docs, a description, dependency versions, and symbols.</summary>
    private static void CheckPackages(string feed, string version)
    {
        foreach (var id in ServiceTeamPackages)
        {
            using var package = ZipFile.OpenRead(Path.Combine(feed, $"{id}.{version}.nupkg"));
            var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            Assert.Contains("README.md", entries);
            Assert.Contains($"lib/net10.0/{id}.dll", entries);
            Assert.Contains($"lib/net10.0/{id}.xml", entries);
            using var nuspecStream = package.GetEntry($"{id}.nuspec")!.Open();
            var nuspec = XDocument.Load(nuspecStream);
            XNamespace ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
            Assert.True((metadata.Element(ns + "description")?.Value.Length ?? 0) > 40, $"{id} has no real description");
            Assert.All(metadata.Descendants(ns + "dependency"), d => Assert.False(string.IsNullOrEmpty(d.Attribute("version")?.Value), $"{id}: dependency {d.Attribute("id")?.Value} without a version"));

            using var symbols = ZipFile.OpenRead(Path.Combine(feed, $"{id}.{version}.snupkg"));
            Assert.Contains(symbols.Entries, e => e.FullName == $"lib/net10.0/{id}.pdb");
        }

        // The consumer SDK's Kafka client is a declared dependency (the build references its assembly directly).
        using var consumer = ZipFile.OpenRead(Path.Combine(feed, $"Transactions.ReliableMessage.Consumer.{version}.nupkg"));
        using var consumerNuspec = new StreamReader(consumer.GetEntry("Transactions.ReliableMessage.Consumer.nuspec")!.Open());
        Assert.Contains("id=\"Confluent.Kafka\"", consumerNuspec.ReadToEnd(), StringComparison.Ordinal);
    }

    private static async Task<AccountView?> TryGetAccountAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("/api/accounts/alice", UriKind.Relative));
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var account = await response.Content.ReadFromJsonAsync<JsonElement>();
            return new AccountView(account.GetProperty("available").GetInt64(), account.GetProperty("reserved").GetInt64(), account.GetProperty("spent").GetInt64());
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private sealed record AccountView(long Available, long Reserved, long Spent);
}
