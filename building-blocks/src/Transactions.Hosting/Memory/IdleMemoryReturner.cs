using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Transactions.Hosting.Memory;

/// <summary>
/// Gives memory back after a burst: when the service has been idle for <see cref="ServiceMemoryOptions.IdleAfter"/>
/// and the garbage collector's committed memory grew by <see cref="ServiceMemoryOptions.MinimumGrowthMegabytes"/>
/// since the last such collection (or since start), runs one full, compacting, aggressive collection, which also
/// returns the freed memory to the operating system. Never while requests run: a busy service keeps its memory
/// for the next requests, and the garbage collector's own collections continue as usual.
/// </summary>
public sealed partial class IdleMemoryReturner(
    RequestActivity activity,
    IOptions<ServiceMemoryOptions> options,
    TimeProvider timeProvider,
    ILogger<IdleMemoryReturner> logger) : BackgroundService
{
    private const double Megabyte = 1024 * 1024;

    /// <summary>Collections run so far.</summary>
    public int Collections { get; private set; }

    /// <summary>Checks once: collects when idle after growth. Returns whether it collected.</summary>
    /// <param name="baselineBytes">Committed bytes after the last collection of this kind (updated when it collects).</param>
    /// <returns>True when it collected.</returns>
    public bool ReturnIfIdle(ref long baselineBytes)
    {
        var settings = options.Value;
        var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
        if (committed - baselineBytes < settings.MinimumGrowthMegabytes * Megabyte || !activity.IsIdleFor(settings.IdleAfter))
        {
            // Shrunk on its own: follow it down, so growth is measured from the lowest point.
            baselineBytes = Math.Min(baselineBytes, committed);
            return false;
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var after = GC.GetGCMemoryInfo().TotalCommittedBytes;
        baselineBytes = after;
        Collections++;
        LogReturned(logger, committed / Megabyte, after / Megabyte);
        return true;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.ReturnWhenIdle)
        {
            return;
        }

        var baseline = GC.GetGCMemoryInfo().TotalCommittedBytes;
        using var timer = new PeriodicTimer(settings.CheckInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                ReturnIfIdle(ref baseline);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "Idle after a burst: memory returned, managed heap committed {BeforeMegabytes:F0} MB -> {AfterMegabytes:F0} MB")]
    private static partial void LogReturned(ILogger logger, double beforeMegabytes, double afterMegabytes);
}
