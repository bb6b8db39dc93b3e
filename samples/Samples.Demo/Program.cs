using Microsoft.Extensions.Configuration;
using Samples.Demo.Script;
using Samples.Demo.Stack;

// The one-command demo (./build.sh run): SQLite files and the embedded push transport by default; PostgreSQL and Kafka
// with e.g. --Demo:Provider PostgreSql --Demo:PostgresConnectionString "Host=...;Username=...;Password=..."
// --Demo:Transport Kafka --Demo:KafkaBootstrapServers 127.0.0.1:59092 (or DEMO__PROVIDER=... environment variables).
var configuration = new ConfigurationBuilder()
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();
var options = new SampleStackOptions();
configuration.GetSection(SampleStackOptions.SectionName).Bind(options);

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var output = Console.Out;
var timeProvider = TimeProvider.System;
void Progress(string line) => output.WriteLine($"[{timeProvider.GetLocalNow():HH:mm:ss}] {line}");

Progress($"starting the coordinator, the reliable-message service and the order, stock, points and warehouse services ({options.Provider}, {options.Transport} transport)");
SampleStack? stack = null;
try
{
    stack = await SampleStack.StartAsync(options, Progress, cancellation.Token);
    Progress($"logs and databases: {stack.WorkDirectory}");
    var result = await new DemoScript(stack.Client, output, timeProvider).RunAsync(TimeSpan.FromSeconds(120), cancellation.Token);
    SummaryPrinter.Print(result, output);
    if (!result.Passed)
    {
        output.WriteLine();
        output.WriteLine(stack.Diagnostics());
    }

    return result.Passed ? 0 : 1;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Progress("interrupted");
    return 130;
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or FileNotFoundException)
{
    Progress($"the demo failed: {ex.Message}");
    return 1;
}
finally
{
    if (stack is not null)
    {
        Progress("stopping every process");
        await stack.DisposeAsync();
    }
}
