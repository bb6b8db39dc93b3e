using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Transactions.Participants;

namespace Transactions.Coordinator.Benchmarks.Bank;

/// <summary>
/// The calling service of the bank scenario, written with the SDK as a service team would: a transfer begins a
/// global transaction (<see cref="ITransactionManager"/>), calls the bank's withdraw and deposit APIs through an
/// HttpClient that carries the XID (<c>AddTransactionPropagation</c>), and commits. The baseline makes the same
/// business calls with no coordinator: Try on both, then Confirm on both in parallel.
/// </summary>
public sealed class BankClient : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly IHttpClientFactory _clients;
    private readonly ITransactionManager _transactions;
    private long _transfers;

    private BankClient(IHost host)
    {
        _host = host;
        _clients = host.Services.GetRequiredService<IHttpClientFactory>();
        _transactions = host.Services.GetRequiredService<ITransactionManager>();
    }

    /// <summary>Starts the client's host.</summary>
    public static async Task<BankClient> StartAsync(string coordinatorAddress, Uri bank)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.Services.AddTransactions(options =>
        {
            options.CoordinatorAddress = coordinatorAddress;
            options.ApplicationId = "bank-client";
        });
        builder.Services.AddHttpClient("bank", client => client.BaseAddress = bank).AddTransactionPropagation();
        var host = builder.Build();
        await host.StartAsync();
        return new BankClient(host);
    }

    /// <summary>One transfer as a global transaction: Try on both legs through the bank's API, then Commit.</summary>
    public async Task TransferAsync(int i)
    {
        var (from, to) = Legs(i);
        await using var transaction = await _transactions.BeginAsync("transfer", TimeSpan.FromSeconds(60));
        var http = _clients.CreateClient("bank");
        await PostAsync(http, "/api/withdraw", from);
        await PostAsync(http, "/api/deposit", to);
        await transaction.CommitAsync();
    }

    /// <summary>The same business calls without a coordinator.</summary>
    public async Task BaselineAsync(int i)
    {
        var (from, to) = Legs(i);
        var http = _clients.CreateClient("bank");
        await PostAsync(http, "/baseline/withdraw", from);
        await PostAsync(http, "/baseline/deposit", to);
        await Task.WhenAll(PostAsync(http, "/baseline/withdraw/confirm", from), PostAsync(http, "/baseline/deposit/confirm", to));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private (TransferLeg From, TransferLeg To) Legs(int i)
    {
        var id = Interlocked.Increment(ref _transfers).ToString(CultureInfo.InvariantCulture);
        var from = (int)((2L * i) % BankParticipantHost.Accounts) + 1;
        var to = (int)((2L * i + 1) % BankParticipantHost.Accounts) + 1;
        return (new TransferLeg(id, from, 1), new TransferLeg(id, to, 1));
    }

    private static async Task PostAsync(HttpClient http, string path, TransferLeg leg)
    {
        using var response = await http.PostAsJsonAsync(path, leg);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
