using System.Diagnostics;

namespace Transactions.Testing.Hostile;

/// <summary>
/// What a service did under <see cref="PartialGrpcStreams"/>: how many hostile streams got their bytes out, the
/// service's working set before, at its peak (sampled while valid calls went on, and 2 s after the client went) and
/// after, and how many valid calls answered meanwhile.
/// </summary>
/// <param name="Started">Hostile streams whose partial message was sent.</param>
/// <param name="StartMegabytes">Working set before.</param>
/// <param name="PeakMegabytes">Highest working set seen.</param>
/// <param name="AfterMegabytes">Working set 2 s after the hostile client went.</param>
/// <param name="Answered">Valid calls answered during the attack.</param>
/// <param name="SettledMegabytes">Working set once back within <see cref="ReturnMargin"/> of the start, or after <see cref="ReturnWait"/>.</param>
/// <param name="SettledAfter">How long after the client went it got there.</param>
public sealed record PartialStreamsRun(int Started, double StartMegabytes, double PeakMegabytes, double AfterMegabytes, int Answered, double SettledMegabytes, TimeSpan SettledAfter)
{
    /// <summary>How close to its start a service must come back: 50 MB.</summary>
    public const double ReturnMargin = 50;

    /// <summary>How long the service has to give the memory back once idle: 60 s.</summary>
    public static readonly TimeSpan ReturnWait = TimeSpan.FromSeconds(60);

    /// <summary>Whether the working set came back within <see cref="ReturnMargin"/> of the start.</summary>
    public bool Returned => SettledMegabytes <= StartMegabytes + ReturnMargin;

    /// <summary>
    /// Opens 10 connections x 100 stalled calls of <paramref name="path"/> announcing <paramref name="announcedBytes"/>
    /// and sending 64 KiB each, makes <paramref name="validCall"/> every 100 ms for 4 s on the caller's own connection,
    /// then closes the hostile client.
    /// </summary>
    public static async Task<PartialStreamsRun> MeasureAsync(int processId, string address, string path, int announcedBytes, Func<int, Task> validCall)
    {
        ArgumentNullException.ThrowIfNull(validCall);
        var start = ProcessMemory.WorkingSetMegabytes(processId);
        var peak = start;
        var answered = 0;
        int started;
        await using (var hostile = PartialGrpcStreams.Open(address, path, connections: 10, streamsPerConnection: 100, announcedBytes, sentBytes: 64 * 1024))
        {
            var stopwatch = Stopwatch.StartNew();
            while (stopwatch.Elapsed < TimeSpan.FromSeconds(4))
            {
                await validCall(answered);
                answered++;
                peak = Math.Max(peak, ProcessMemory.WorkingSetMegabytes(processId));
                await Task.Delay(100);
            }

            started = hostile.Started;
        }

        var gone = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = ProcessMemory.WorkingSetMegabytes(processId);
        var settled = after;
        while (settled > start + ReturnMargin && gone.Elapsed < ReturnWait)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            settled = ProcessMemory.WorkingSetMegabytes(processId);
        }

        return new PartialStreamsRun(started, start, Math.Max(peak, after), after, answered, settled, gone.Elapsed);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"hostile streams sending: {Started}; working set: start {StartMegabytes:F0} MB, peak {PeakMegabytes:F0} MB, 2 s after the client went {AfterMegabytes:F0} MB, " +
        $"{SettledMegabytes:F0} MB {SettledAfter.TotalSeconds:F0} s after; valid calls answered meanwhile: {Answered}";
}
