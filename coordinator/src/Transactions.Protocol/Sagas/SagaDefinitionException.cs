namespace Transactions.Protocol.Sagas;

/// <summary>A saga definition is invalid; the message names the offending field (e.g. <c>groups[1].steps[0].action</c>).</summary>
public sealed class SagaDefinitionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">Path of the offending field in the JSON form.</param>
    /// <param name="problem">What is wrong.</param>
    public SagaDefinitionException(string path, string problem)
        : base($"Invalid saga definition: '{path}' {problem}")
    {
        Path = path;
    }

    /// <summary>Creates the exception for unparsable JSON.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The parser's error.</param>
    public SagaDefinitionException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Path = "$";
    }

    /// <summary>Path of the offending field in the JSON form (<c>$</c> for the document).</summary>
    public string Path { get; }
}
