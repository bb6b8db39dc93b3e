using System.Text.Json;

namespace Transactions.Participants;

/// <summary>
/// Settings of the participants SDK, given to <c>services.AddTransactions(...)</c> (or bound from the
/// <c>Transactions</c> configuration section) and validated when the host starts.
/// </summary>
public sealed class TransactionsOptions
{
    /// <summary>
    /// Base address of the coordinator's TC protocol endpoint (gRPC over HTTP/2), e.g.
    /// <c>http://coordinator:5300</c>. Required. <c>http://</c> uses HTTP/2 without TLS (h2c prior
    /// knowledge), <c>https://</c> uses TLS with ALPN.
    /// </summary>
    public string? CoordinatorAddress { get; set; }

    /// <summary>
    /// This service's name, e.g. <c>stock-service</c>: sent with every Begin and used as the resource id of
    /// the branches this service registers unless <see cref="ResourceId"/> is set. Required, at most 128 characters.
    /// </summary>
    public string? ApplicationId { get; set; }

    /// <summary>
    /// This application's key for the coordinator's TC protocol, sent as the <c>x-tx-app-key</c> metadata on every
    /// call (Begin, Commit, Rollback, GetStatus, RegisterBranch, ReportBranch). The coordinator then records
    /// transactions under the key's application and refuses other applications' calls on them. Keep it out of
    /// source control (user secrets, environment, a secret store); the coordinator stores only its hash
    /// (<c>Security:Applications</c>). Default: <see langword="null"/>, meaning no key is sent, which works only
    /// while the coordinator does not require application keys.
    /// </summary>
    public string? ApplicationKey { get; set; }

    /// <summary>
    /// Resource id of the branches this service registers (shown in the admin console). Default:
    /// <see langword="null"/>, meaning <see cref="ApplicationId"/>. At most 256 characters.
    /// </summary>
    public string? ResourceId { get; set; }

    /// <summary>
    /// The address the coordinator calls for Confirm and Cancel: an absolute <c>http(s)://</c> base address
    /// of this service as the coordinator can reach it, e.g. <c>http://stock:5001</c>. A load-balanced
    /// service address works (Confirm and Cancel are idempotent and their state is in the database).
    /// Required when the service registers TCC participants. Default: <see langword="null"/>.
    /// For <see cref="ParticipantProtocol.Grpc"/> it must point at a Kestrel endpoint with HTTP/2; for
    /// <see cref="ParticipantProtocol.HttpJson"/>, <see cref="ParticipantPath"/> is appended.
    /// </summary>
    public string? ParticipantEndpoint { get; set; }

    /// <summary>How the coordinator calls this participant. Default: <see cref="ParticipantProtocol.Grpc"/>.</summary>
    public ParticipantProtocol ParticipantProtocol { get; set; } = TransactionsDefaults.Protocol;

    /// <summary>
    /// Route prefix of the HTTP/JSON participant routes mapped by <c>MapTransactionParticipant</c>
    /// (<c>{prefix}/confirm</c>, <c>{prefix}/cancel</c>). Default: <c>/transactions/participant</c>.
    /// Must start with <c>/</c>.
    /// </summary>
    public string ParticipantPath { get; set; } = TransactionsDefaults.ParticipantPath;

    /// <summary>
    /// Timeout of global transactions begun without one (<c>[GlobalTransactional]</c> without
    /// <c>TimeoutMs</c>, <c>BeginAsync</c> without a timeout): the coordinator rolls back a transaction
    /// still active at its deadline. Default: 60 seconds; between 1 millisecond and 1 hour.
    /// </summary>
    public TimeSpan DefaultTimeout { get; set; } = TransactionsDefaults.DefaultTimeout;

    /// <summary>
    /// Deadline of one call to the coordinator (each retry gets a new one). A commit waits for phase 2
    /// unless <see cref="CommitReturnsAfterDecision"/>, so keep it above the coordinator's phase-2 round time.
    /// Default: 30 seconds; between 100 milliseconds and 10 minutes.
    /// </summary>
    public TimeSpan CoordinatorCallTimeout { get; set; } = TransactionsDefaults.CoordinatorCallTimeout;

    /// <summary>
    /// Retries of a coordinator call that failed transiently (coordinator unreachable or restarting,
    /// deadline exceeded). Every call is safe to repeat: Begin and RegisterBranch carry an idempotency key kept
    /// across retries, the others are idempotent. A transaction manager's Commit is the exception: it is retried
    /// (with the same backoff) until the transaction's deadline, however many attempts that takes, because until
    /// then it can still win over the coordinator's timeout rollback. 0 turns every retry off. Default: 3; between
    /// 0 and 100.
    /// </summary>
    public int CoordinatorMaxRetries { get; set; } = TransactionsDefaults.CoordinatorMaxRetries;

    /// <summary>First delay between coordinator call retries; exponential with jitter. Default: 200 ms; between 1 ms and 1 minute.</summary>
    public TimeSpan CoordinatorRetryDelay { get; set; } = TransactionsDefaults.CoordinatorRetryDelay;

    /// <summary>Longest delay between coordinator call retries. Default: 5 seconds; at least <see cref="CoordinatorRetryDelay"/>.</summary>
    public TimeSpan CoordinatorMaxRetryDelay { get; set; } = TransactionsDefaults.CoordinatorMaxRetryDelay;

    /// <summary>
    /// When <see langword="true"/>, a commit returns as soon as the coordinator has durably decided to commit,
    /// and Confirms run in the background (lower latency; the business state becomes final a moment later).
    /// When <see langword="false"/>, a commit waits for phase 2 (or for its first round, when a participant must
    /// be retried). Default: <see langword="false"/>.
    /// </summary>
    public bool CommitReturnsAfterDecision { get; set; }

    /// <summary>
    /// When <see langword="true"/>, a TCC Try called outside a global transaction runs as a plain local call
    /// (no branch, no fence); when <see langword="false"/>, it throws <see cref="NoGlobalTransactionException"/>.
    /// Default: <see langword="false"/>.
    /// </summary>
    public bool AllowTryOutsideTransaction { get; set; }

    /// <summary>
    /// Serializer settings of action contexts (the JSON of a Try's arguments, read back by
    /// <see cref="TccContext.GetArgument{T}"/>). Default: <see cref="JsonSerializerDefaults.Web"/>. Must not
    /// change in a way that breaks reading contexts written by an earlier version still in flight.
    /// </summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The HTTP handler the coordinator's gRPC clients send calls with (the primary handler of their gRPC client
    /// factory registrations; never disposed by the SDK), e.g. to add client certificates. Default:
    /// <see langword="null"/>, meaning a pooled HTTP/2 <see cref="SocketsHttpHandler"/> the SDK owns (multiple
    /// HTTP/2 connections, keep-alive pings, 5 minute idle timeout).
    /// </summary>
    public HttpMessageHandler? CoordinatorHttpHandler { get; set; }

    /// <summary>The resource id branches register with: <see cref="ResourceId"/> or else <see cref="ApplicationId"/>.</summary>
    /// <returns>The effective resource id.</returns>
    public string GetEffectiveResourceId() => string.IsNullOrWhiteSpace(ResourceId) ? ApplicationId ?? string.Empty : ResourceId;

    /// <summary>
    /// The endpoint branches register: <see cref="ParticipantEndpoint"/> for gRPC, or with
    /// <see cref="ParticipantPath"/> appended for HTTP/JSON.
    /// </summary>
    /// <returns>The registered endpoint, or an empty string when <see cref="ParticipantEndpoint"/> is not set.</returns>
    public string GetRegisteredEndpoint()
    {
        if (string.IsNullOrWhiteSpace(ParticipantEndpoint))
        {
            return string.Empty;
        }

        var baseAddress = ParticipantEndpoint.TrimEnd('/');
        return ParticipantProtocol == ParticipantProtocol.HttpJson ? baseAddress + ParticipantPath.TrimEnd('/') : baseAddress;
    }
}
