using System.Text.Json;

namespace Transactions.Protocol.Sagas;

/// <summary>Configures one step, see <see cref="SagaBuilder.Step"/>.</summary>
public sealed class SagaStepBuilder
{
    private SagaParticipant? _participant;
    private string? _action;
    private string? _compensation;
    private string? _input;
    private int? _timeoutMs;
    private SagaRetryPolicy? _retry;

    /// <summary>The participant serves <c>transactions.v1.Participant</c> over gRPC at <paramref name="endpoint"/>.</summary>
    public SagaStepBuilder Grpc(string endpoint, string? resourceId = null) =>
        Participant(endpoint, SagaTransport.Grpc, resourceId);

    /// <summary>The participant serves <c>POST {endpoint}/execute</c> and <c>/compensate</c> (JSON).</summary>
    public SagaStepBuilder HttpJson(string endpoint, string? resourceId = null) =>
        Participant(endpoint, SagaTransport.HttpJson, resourceId);

    /// <summary>The forward action's name.</summary>
    public SagaStepBuilder Action(string name)
    {
        _action = name;
        return this;
    }

    /// <summary>The compensation's name (default: the action's name).</summary>
    public SagaStepBuilder Compensation(string name)
    {
        _compensation = name;
        return this;
    }

    /// <summary>Raw input passed to the action and the compensation.</summary>
    public SagaStepBuilder Input(string input)
    {
        _input = input;
        return this;
    }

    /// <summary>Input serialized as JSON (camelCase, like ASP.NET Core's web defaults).</summary>
    public SagaStepBuilder InputJson<T>(T input) =>
        Input(JsonSerializer.Serialize(input, JsonSerializerOptions.Web));

    /// <summary>Timeout of one call (default <see cref="SagaLimits.DefaultStepTimeoutMs"/> ms).</summary>
    public SagaStepBuilder Timeout(TimeSpan timeout)
    {
        _timeoutMs = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds);
        return this;
    }

    /// <summary>Retries of the action after transient failures.</summary>
    public SagaStepBuilder Retry(int maxAttempts, TimeSpan? initialBackoff = null, TimeSpan? maxBackoff = null)
    {
        _retry = new SagaRetryPolicy
        {
            MaxAttempts = maxAttempts,
            InitialBackoffMs = (int)(initialBackoff ?? TimeSpan.FromMilliseconds(SagaLimits.DefaultInitialBackoffMs)).TotalMilliseconds,
            MaxBackoffMs = (int)(maxBackoff ?? TimeSpan.FromMilliseconds(SagaLimits.DefaultMaxBackoffMs)).TotalMilliseconds,
        };
        return this;
    }

    internal static SagaStepDefinition Build(string name, Action<SagaStepBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new SagaStepBuilder();
        configure(builder);
        return new SagaStepDefinition
        {
            Name = name,
            Participant = builder._participant,
            Action = builder._action,
            Compensation = builder._compensation,
            Input = builder._input,
            TimeoutMs = builder._timeoutMs,
            Retry = builder._retry,
        };
    }

    private SagaStepBuilder Participant(string endpoint, SagaTransport protocol, string? resourceId)
    {
        _participant = new SagaParticipant { Endpoint = endpoint, Protocol = protocol, ResourceId = resourceId };
        return this;
    }
}
