using Transactions.Testing;

namespace Transactions.Participants.IntegrationTests.Infrastructure;

/// <summary>
/// Base of the fixtures that start a real coordinator process and test apps: owns what they start and disposes
/// it in reverse order (apps first, databases last). Starts nothing without PostgreSQL (every test is a
/// [PostgresFact], skipped then).
/// </summary>
public abstract class AppsFixture : IAsyncLifetime
{
    /// <summary>Coordinator settings: phase-2 retries come quickly, calls to participants may take a while.</summary>
    protected static readonly IReadOnlyDictionary<string, string> CoordinatorSettings = new Dictionary<string, string>
    {
        ["Coordinator__BranchCallTimeout"] = "00:00:05",
        ["Coordinator__LeaseDuration"] = "00:00:15",
        ["Coordinator__Phase2InitialBackoff"] = "00:00:00.200",
        ["Coordinator__Phase2MaxBackoff"] = "00:00:01",
    };

    private readonly List<IAsyncDisposable> _owned = [];

    public TestLog Log { get; } = new();

    public CoordinatorProcess Coordinator { get; private set; } = null!;

    public string CoordinatorAddress => Coordinator.GrpcAddress;

    public Task InitializeAsync() => TestEnvironment.PostgresConnectionString is null ? Task.CompletedTask : StartAsync();

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
    }

    /// <summary>Starts the apps (PostgreSQL is there); call <see cref="StartCoordinatorAsync"/> first.</summary>
    protected abstract Task StartAsync();

    /// <summary>A coordinator process on a new PostgreSQL database named after <paramref name="databasePrefix"/>.</summary>
    protected async Task StartCoordinatorAsync(string databasePrefix)
    {
        var database = Own(await PostgresDatabase.CreateAsync(databasePrefix));
        Coordinator = Own(await CoordinatorProcess.StartAsync("PostgreSql", database.ConnectionString, new Dictionary<string, string>(CoordinatorSettings)));
    }

    protected T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
