using System.Text.Json;

namespace Transactions.Participants;

/// <summary>What a saga action or compensation receives: ids, the step's input and earlier steps' outputs.</summary>
public sealed class SagaContext
{
    private readonly JsonSerializerOptions _json;

    /// <summary>Creates a context (the SDK does; public so saga methods can be unit-tested).</summary>
    public SagaContext(
        long xid,
        long branchId,
        string stepName,
        string actionName,
        string? input,
        IReadOnlyDictionary<string, string> outputs,
        int attempt,
        bool compensating,
        JsonSerializerOptions jsonSerializerOptions)
    {
        Xid = xid;
        BranchId = branchId;
        StepName = stepName;
        ActionName = actionName;
        Input = input ?? string.Empty;
        Outputs = outputs;
        Attempt = attempt;
        Compensating = compensating;
        _json = jsonSerializerOptions;
    }

    /// <summary>The saga's xid.</summary>
    public long Xid { get; }

    /// <summary>The step's id (the fence key with the xid).</summary>
    public long BranchId { get; }

    /// <summary>The step's name in the definition.</summary>
    public string StepName { get; }

    /// <summary>The action name.</summary>
    public string ActionName { get; }

    /// <summary>The step's raw input (empty when none).</summary>
    public string Input { get; }

    /// <summary>Raw outputs of the steps that succeeded so far, by step name.</summary>
    public IReadOnlyDictionary<string, string> Outputs { get; }

    /// <summary>1 for the first call, then 2, 3, ...</summary>
    public int Attempt { get; }

    /// <summary>True in the compensation.</summary>
    public bool Compensating { get; }

    /// <summary>The input read as JSON.</summary>
    /// <exception cref="JsonException">The input is not JSON of that shape.</exception>
    public T? GetInput<T>() => Input.Length == 0 ? default : JsonSerializer.Deserialize<T>(Input, _json);

    /// <summary>The output of step <paramref name="stepName"/> read as JSON (a string output as is).</summary>
    /// <exception cref="KeyNotFoundException">That step has no output (not run, or no output).</exception>
    public T? GetOutput<T>(string stepName)
    {
        if (!Outputs.TryGetValue(stepName, out var raw))
        {
            throw new KeyNotFoundException($"Saga step '{stepName}' has no output in xid {Xid}.");
        }

        return typeof(T) == typeof(string) && !raw.StartsWith('"') ? (T)(object)raw : JsonSerializer.Deserialize<T>(raw, _json);
    }
}
