using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Transactions.Telemetry;

/// <summary>Says once, when the host starts, where the OTLP export goes (registered only when export is on).</summary>
internal sealed partial class OtlpExportStartupLog(Uri endpoint, string protocol, string signals, ILogger<OtlpExportStartupLog> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogExporting(logger, signals, endpoint, protocol);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Exporting {Signals} over OTLP to {Endpoint} ({Protocol})")]
    private static partial void LogExporting(ILogger logger, string signals, Uri endpoint, string protocol);
}
