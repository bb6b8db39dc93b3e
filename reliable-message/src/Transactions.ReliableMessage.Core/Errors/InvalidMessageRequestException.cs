namespace Transactions.ReliableMessage.Errors;

/// <summary>A request field is missing or invalid. Maps to InvalidArgument.</summary>
public sealed class InvalidMessageRequestException(string field, string problem)
    : ReliableMessageException($"Invalid '{field}': {problem}")
{
    /// <summary>Name of the offending field as in the protocol (snake_case).</summary>
    public string Field { get; } = field;
}
