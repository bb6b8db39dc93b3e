using System.Diagnostics.Metrics;

namespace Transactions.Scheduling.Jobs;

/// <summary>
/// The jobs' instruments on the service's meter: <c>{prefix}.jobs.rows_deleted</c> (rows a run removed, tag
/// <c>job</c>) and <c>{prefix}.jobs.runs</c> (runs, tags <c>job</c> and <c>outcome</c>: succeeded or failed).
/// </summary>
internal sealed class JobMetrics
{
    private readonly Counter<long> _rows;
    private readonly Counter<long> _runs;

    public JobMetrics(IMeterFactory meterFactory, SchedulingTelemetry telemetry)
    {
        var meter = meterFactory.Create(telemetry.MeterName);
        _rows = meter.CreateCounter<long>($"{telemetry.InstrumentPrefix}.jobs.rows_deleted", "{row}", "Rows removed by scheduled jobs (retention, cleaners), per job.");
        _runs = meter.CreateCounter<long>($"{telemetry.InstrumentPrefix}.jobs.runs", "{run}", "Runs of scheduled jobs, per job and outcome.");
    }

    public void Succeeded(string jobId, long rows)
    {
        var job = new KeyValuePair<string, object?>("job", jobId);
        _rows.Add(rows, job);
        _runs.Add(1, job, new KeyValuePair<string, object?>("outcome", "succeeded"));
    }

    public void Failed(string jobId) =>
        _runs.Add(1, new KeyValuePair<string, object?>("job", jobId), new KeyValuePair<string, object?>("outcome", "failed"));
}
