using System.Diagnostics;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Transactions.Scheduling.Jobs;

/// <summary>
/// What Hangfire runs for a recurring job: resolves <typeparamref name="TJob"/> from a DI scope, runs it, logs the
/// Hangfire job id with the rows it handled and counts them on the service's meter. Never overlaps itself: the
/// storage's distributed lock (<see cref="DisableConcurrentExecutionAttribute"/>) is held for the run, across every
/// instance sharing the storage; an occurrence that cannot take it within 5 minutes fails (the next occurrence runs).
/// A failed run is not retried (the next occurrence is the retry); it shows as failed on the dashboard.
/// </summary>
/// <typeparam name="TJob">The job.</typeparam>
internal sealed partial class RecurringJobRunner<TJob>(
    IServiceScopeFactory scopes,
    JobMetrics metrics,
    ILogger<RecurringJobRunner<TJob>> logger)
    where TJob : class, IRecurringJob
{
    /// <summary>Runs the job once (called by Hangfire).</summary>
    /// <param name="recurringJobId">The recurring job's stable id, for logs and metrics.</param>
    /// <param name="context">Hangfire's context (Hangfire passes it; null outside Hangfire).</param>
    /// <param name="cancellationToken">Hangfire's shutdown token.</param>
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(string recurringJobId, PerformContext? context, CancellationToken cancellationToken)
    {
        var jobId = context?.BackgroundJob?.Id ?? "-";
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = jobId, ["RecurringJobId"] = recurringJobId });
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var services = scopes.CreateAsyncScope();
            var rows = await services.ServiceProvider.GetRequiredService<TJob>().RunAsync(cancellationToken).ConfigureAwait(false);
            metrics.Succeeded(recurringJobId, rows);
            LogRan(logger, recurringJobId, jobId, rows, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metrics.Failed(recurringJobId);
            LogFailed(logger, recurringJobId, jobId, ex);
            throw;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Job {RecurringJobId} (Hangfire job {JobId}) handled {Rows} rows in {ElapsedMs:F0} ms")]
    private static partial void LogRan(ILogger logger, string recurringJobId, string jobId, long rows, double elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Job {RecurringJobId} (Hangfire job {JobId}) failed; the next occurrence tries again")]
    private static partial void LogFailed(ILogger logger, string recurringJobId, string jobId, Exception exception);
}
