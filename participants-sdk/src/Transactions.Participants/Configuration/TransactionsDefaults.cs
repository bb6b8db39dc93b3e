namespace Transactions.Participants;

/// <summary>Default values of <see cref="TransactionsOptions"/>.</summary>
public static class TransactionsDefaults
{
    /// <summary>Configuration section <c>AddTransactions(IConfiguration)</c> callers usually bind: <c>Transactions</c>.</summary>
    public const string SectionName = "Transactions";

    /// <summary>Participant protocol: <see cref="ParticipantProtocol.Grpc"/>.</summary>
    public const ParticipantProtocol Protocol = ParticipantProtocol.Grpc;

    /// <summary>Route prefix of the HTTP/JSON participant routes: <c>/transactions/participant</c>.</summary>
    public const string ParticipantPath = "/transactions/participant";

    /// <summary>Timeout of a global transaction that does not give one: 60 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Deadline of one call to the coordinator: 30 seconds (a commit waits for phase 2).</summary>
    public static readonly TimeSpan CoordinatorCallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a coordinator call that failed transiently: 3.</summary>
    public const int CoordinatorMaxRetries = 3;

    /// <summary>First retry delay of a coordinator call (exponential, with jitter): 200 ms.</summary>
    public static readonly TimeSpan CoordinatorRetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest retry delay of a coordinator call: 5 seconds.</summary>
    public static readonly TimeSpan CoordinatorMaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Largest serialized action context: 65,536 characters (the coordinator's limit).</summary>
    public const int MaxActionContextLength = 64 * 1024;
}
