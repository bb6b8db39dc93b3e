using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transactions.ReliableMessage.Consumer;
using Transactions.ReliableMessage.Consumer.Kafka;
using Transactions.ReliableMessage.IntegrationTests.Infrastructure;
using Transactions.ReliableMessage.Producer;
using Transactions.Testing;
using Transactions.Testing.Benchmarking;

namespace Transactions.ReliableMessage.Benchmarks;

/// <summary>
/// One end-to-end run on fresh databases and a fresh topic: a service process (PostgreSQL + Kafka), a consumer
/// application (consumer SDK, inbox in its own PostgreSQL database, batched acks) and producer loops (producer
/// SDK: Prepare, local transaction with barrier and order row, Commit). Timed from the first Prepare to the last
/// acknowledgement accepted by the service.
/// </summary>
public static class EndToEndRun
{
    public static async Task<RunResult> RunAsync(BenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var topic = $"bench-{suffix}";
        var group = $"bench-warehouse-{suffix}";
        await using var serviceDb = await PostgresDatabase.CreateAsync("rm_bench", cancellationToken);
        await using var producerDb = await ShopDatabase.CreateAsync("rm_bench_producer");
        await using var consumerDb = await ShopDatabase.CreateAsync("rm_bench_consumer");
        var settings = new Dictionary<string, string>
        {
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["ReliableMessage__CheckDelay"] = "00:01:00",
        };
        foreach (var (name, value) in PassThroughEnvironment.Read("BENCH_SERVICE_"))
        {
            settings[name] = value;
        }

        await using var service = await ServiceProcess.StartAsync(serviceDb.ConnectionString, settings: settings);

        await using var consumer = await StartConsumerAsync(service.GrpcAddress, BaselineSettings.Tuned(consumerDb.ConnectionString), group, topic);
        var acks = consumer.Services.GetRequiredService<AckSender>();
        var kafka = consumer.Services.GetRequiredService<KafkaConsumerService<ShopDbContext>>();
        var handled = consumer.Services.GetRequiredService<HandledLatency>().Samples;
        var counters = await SqlCounters.CreateAsync(serviceDb.ConnectionString, serviceDb.Name);
        var joined = Stopwatch.StartNew();
        while (!kafka.Assigned && joined.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100, cancellationToken);
        }

        await using var producerApp = await StartProducerAsync(service.GrpcAddress, BaselineSettings.Tuned(producerDb.ConnectionString));
        var producer = producerApp.Services.GetRequiredService<IReliableMessageProducer>();

        // Warm-up: JIT, connection pools, prepared statements, the topic's partitions.
        var sends = new Latencies();
        await SendAsync(producer, producerApp.Services, options with { Messages = options.Warmup }, topic, "warm", sends, cancellationToken);
        await WaitAckedAsync(acks, options.Warmup, cancellationToken);
        sends.Clear();
        handled.Clear();
        await counters.StartAsync();
        var cpu = CpuSplit.Start(
            CpuGroup.Process("service", service.ProcessId),
            CpuGroup.Named("PostgreSQL", "postgres"),
            CpuGroup.Named("Kafka+ZooKeeper", "java"),
            CpuGroup.ThisProcess("producer+consumer apps"));

        var maxWorkingSet = 0L;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                maxWorkingSet = Math.Max(maxWorkingSet, service.WorkingSet());
                try
                {
                    await Task.Delay(200, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);

        var stopwatch = Stopwatch.StartNew();
        await SendAsync(producer, producerApp.Services, options, topic, "m", sends, cancellationToken);
        var sent = stopwatch.Elapsed;
        await WaitAckedAsync(acks, options.Warmup + options.Messages, cancellationToken);
        stopwatch.Stop();
        var cpuMs = cpu.PerOperationMs(options.Messages);
        var sql = await counters.ReportAsync(options.Messages);
        await sampling.CancelAsync();
        await sampler;
        output.WriteLine($"    producers done after {sent.TotalSeconds:F2} s ({options.Messages / sent.TotalSeconds:F0} sends/s), last ack after {stopwatch.Elapsed.TotalSeconds:F2} s");
        return new RunResult(options.Messages, stopwatch.Elapsed, maxWorkingSet,
            new RunDetails(cpuMs, sql, sends.Percentile(50), sends.Percentile(99), handled.Percentile(99)));
    }

    private static async Task SendAsync(IReliableMessageProducer producer, IServiceProvider services, BenchmarkOptions options, string topic, string prefix, Latencies latencies, CancellationToken cancellationToken)
    {
        var next = -1;
        var loops = Enumerable.Range(0, options.Producers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.Messages)
            {
                var orderId = $"{prefix}-{i}";
                var message = new MessageToSend(topic, orderId, System.Text.Encoding.UTF8.GetBytes(orderId));
                var started = Stopwatch.GetTimestamp();
                if (options.LocalTransaction)
                {
                    // The producer application's pooled context, as a request scope would give it.
                    await using var scope = services.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
                    await producer.SendAsync(db, message, _ =>
                    {
                        db.Orders.Add(new Order { Id = orderId });
                        return Task.CompletedTask;
                    }, cancellationToken);
                }
                else
                {
                    var id = await producer.PrepareAsync(message, cancellationToken);
                    await producer.CommitAsync(id, cancellationToken);
                }

                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }, cancellationToken));
        await Task.WhenAll(loops);
    }

    private static async Task WaitAckedAsync(AckSender acks, int expected, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (acks.Sent < expected)
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"Only {acks.Sent} of {expected} messages were acknowledged.");
            }

            await Task.Delay(5, cancellationToken);
        }
    }

    private static async Task<WebApplication> StartConsumerAsync(string serviceAddress, string connectionString, string group, string topic)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The service's appsettings.json lands in this output folder too: none of it applies here.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Services.AddDbContextPool<ShopDbContext>(o => o.UseNpgsql(connectionString));
        builder.Services.AddSingleton<HandledLatency>();
        builder.Services.AddReliableMessageConsumer<ShopDbContext>(o =>
        {
            o.ServiceAddress = serviceAddress;
            o.ConsumerGroup = group;
            o.BootstrapServers = TestEnvironment.RequireKafka();
            o.ApiVersionRequest = false;
            o.BrokerVersionFallback = "0.9.0.1";
            o.MaxBatchSize = 500;
        }).AddHandler<BenchmarkHandler>(topic);
        var app = builder.Build();
        await app.StartAsync();
        return app;
    }

    private static async Task<WebApplication> StartProducerAsync(string serviceAddress, string connectionString)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The service's appsettings.json lands in this output folder too: none of it applies here.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Services.AddDbContextPool<ShopDbContext>(o => o.UseNpgsql(connectionString));
        builder.Services.AddReliableMessageProducer<ShopDbContext>(o =>
        {
            o.ServiceAddress = serviceAddress;
            o.ProducerGroup = "orders-service";
        });
        var app = builder.Build();
        await app.StartAsync();
        return app;
    }
}
