using System.Net.Http.Json;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.Tests.Samples;
using ParticipantClient = Transactions.Protocol.V1.Participant.ParticipantClient;

namespace Transactions.Participants.Tests.Fakes;

/// <summary>
/// Base of the tests that call a participant app on loopback Kestrel the way the coordinator does: the app maps
/// <c>MapTransactionParticipant()</c>, has a <see cref="CallLog"/> singleton and the SDK against a fake coordinator.
/// </summary>
public abstract class LoopbackParticipantTests(string applicationId) : IAsyncLifetime
{
    protected CallLog Log { get; } = new();

    /// <summary>The app's root services.</summary>
    protected IServiceProvider Services => App.Services;

    /// <summary>HTTP/1.1 client of the app (the HTTP/JSON routes).</summary>
    protected HttpClient Http { get; private set; } = null!;

    /// <summary>gRPC client (Grpc.Net.Client, generated) of the app's transactions.v1.Participant service.</summary>
    protected ParticipantClient Grpc { get; private set; } = null!;

    private LoopbackApp App { get; set; } = null!;

    private GrpcChannel Channel { get; set; } = null!;

    private static Uri Route(string phase) => new($"/transactions/participant/{phase}", UriKind.Relative);

    public virtual async Task InitializeAsync()
    {
        App = await LoopbackApp.StartAsync(
            services =>
            {
                Register(services, services.AddParticipantUnderTest(applicationId));
                services.AddSingleton(Log);
            },
            app => app.MapTransactionParticipant());
        Http = new HttpClient { BaseAddress = App.Http1Address };
        Channel = GrpcChannel.ForAddress(App.Http2Address);
        Grpc = new ParticipantClient(Channel);
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        Channel.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>POSTs <paramref name="body"/> as JSON to the HTTP/JSON participant route <paramref name="phase"/> (confirm, execute, ...).</summary>
    protected Task<HttpResponseMessage> PostAsync(string phase, object body) =>
        Http.PostAsJsonAsync(Route(phase), body);

    /// <summary>POSTs raw text as application/json to the route <paramref name="phase"/>.</summary>
    protected async Task<HttpResponseMessage> PostRawAsync(string phase, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return await Http.PostAsync(Route(phase), content);
    }

    /// <summary>Registers the participants under test (and plug-ins such as the fence on <paramref name="sdk"/>).</summary>
    protected abstract void Register(IServiceCollection services, TransactionsBuilder sdk);
}
