using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Transactions.Participants;

/// <summary>
/// What a Confirm or Cancel method gets: the branch, and the Try's arguments (the action context, JSON of
/// the Try's named arguments).
/// </summary>
public sealed class TccContext
{
    private readonly JsonSerializerOptions _serializerOptions;
    private JsonElement? _root;

    /// <summary>Creates a context (the SDK does; public so Confirm/Cancel methods can be unit-tested).</summary>
    /// <param name="phase">The phase being run.</param>
    /// <param name="xid">The global transaction id.</param>
    /// <param name="branchId">The branch id.</param>
    /// <param name="actionName">The TCC action name.</param>
    /// <param name="actionContext">The action context JSON (an object keyed by the Try's parameter names).</param>
    /// <param name="resourceId">The resource id the branch registered with.</param>
    /// <param name="attempt">1 for the coordinator's first call of this phase on this branch, then 2, 3, ...</param>
    /// <param name="serializerOptions">How the context was serialized; <see cref="JsonSerializerDefaults.Web"/> when null.</param>
    public TccContext(
        TccPhase phase,
        long xid,
        long branchId,
        string actionName,
        string? actionContext,
        string? resourceId = null,
        int attempt = 1,
        JsonSerializerOptions? serializerOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(actionName);
        Phase = phase;
        Xid = xid;
        BranchId = branchId;
        ActionName = actionName;
        ActionContext = string.IsNullOrWhiteSpace(actionContext) ? "{}" : actionContext;
        ResourceId = resourceId ?? string.Empty;
        Attempt = attempt;
        _serializerOptions = serializerOptions ?? JsonSerializerOptions.Web;
    }

    /// <summary>The phase being run (<see cref="TccPhase.Confirm"/> or <see cref="TccPhase.Cancel"/>).</summary>
    public TccPhase Phase { get; }

    /// <summary>The global transaction id.</summary>
    public long Xid { get; }

    /// <summary>The branch id.</summary>
    public long BranchId { get; }

    /// <summary>The TCC action name.</summary>
    public string ActionName { get; }

    /// <summary>The resource id the branch registered with.</summary>
    public string ResourceId { get; }

    /// <summary>1 for the coordinator's first call of this phase on this branch, then 2, 3, ...</summary>
    public int Attempt { get; }

    /// <summary>The raw action context: a JSON object keyed by the Try's parameter names.</summary>
    public string ActionContext { get; }

    /// <summary>Reads a Try argument.</summary>
    /// <typeparam name="T">The argument's type (or any type its JSON reads as).</typeparam>
    /// <param name="name">The Try parameter's name (exact, else case-insensitive).</param>
    /// <returns>The argument.</returns>
    /// <exception cref="TccActionContextException">No such argument, or it cannot be read as <typeparamref name="T"/>.</exception>
    public T GetArgument<T>(string name)
    {
        if (!TryGetElement(name, out var element))
        {
            throw new TccActionContextException(
                $"The action context of '{ActionName}' (xid {Xid}, branch {BranchId}) has no argument '{name}'; it holds: {string.Join(", ", Names())}.",
                Xid);
        }

        try
        {
            return element.Deserialize<T>(_serializerOptions)!;
        }
        catch (JsonException ex)
        {
            throw new TccActionContextException(
                $"The argument '{name}' of '{ActionName}' (xid {Xid}, branch {BranchId}) cannot be read as {typeof(T).Name}: {ex.Message}",
                Xid,
                ex);
        }
    }

    /// <summary>Reads a Try argument if the context holds it.</summary>
    /// <typeparam name="T">The argument's type.</typeparam>
    /// <param name="name">The Try parameter's name (exact, else case-insensitive).</param>
    /// <param name="value">The argument when present.</param>
    /// <returns>Whether the argument is present.</returns>
    /// <exception cref="TccActionContextException">The argument is present but cannot be read as <typeparamref name="T"/>.</exception>
    public bool TryGetArgument<T>(string name, [MaybeNullWhen(false)] out T value)
    {
        if (!TryGetElement(name, out _))
        {
            value = default;
            return false;
        }

        value = GetArgument<T>(name)!;
        return true;
    }

    private bool TryGetElement(string name, out JsonElement element)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var root = Root();
        if (root.ValueKind != JsonValueKind.Object)
        {
            element = default;
            return false;
        }

        if (root.TryGetProperty(name, out element))
        {
            return true;
        }

        foreach (var property in root.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                element = property.Value;
                return true;
            }
        }

        return false;
    }

    private IEnumerable<string> Names() =>
        Root() is { ValueKind: JsonValueKind.Object } root ? root.EnumerateObject().Select(p => p.Name).ToArray() : [];

    private JsonElement Root()
    {
        if (_root is null)
        {
            try
            {
                using var document = JsonDocument.Parse(ActionContext);
                _root = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new TccActionContextException($"The action context of '{ActionName}' (xid {Xid}, branch {BranchId}) is not valid JSON: {ex.Message}", Xid, ex);
            }
        }

        return _root.Value;
    }
}
