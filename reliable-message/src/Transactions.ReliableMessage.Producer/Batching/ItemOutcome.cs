namespace Transactions.ReliableMessage.Producer.Batching;

/// <summary>One item's answer in a batch call: its result, or the exception its caller gets.</summary>
/// <typeparam name="TResult">The result type.</typeparam>
/// <param name="Result">The result when it succeeded.</param>
/// <param name="Error">The failure, or null.</param>
internal readonly record struct ItemOutcome<TResult>(TResult? Result, Exception? Error)
{
    /// <summary>A success.</summary>
    public static ItemOutcome<TResult> Success(TResult result) => new(result, null);

    /// <summary>A failure.</summary>
    public static ItemOutcome<TResult> Failure(Exception error) => new(default, error);
}
