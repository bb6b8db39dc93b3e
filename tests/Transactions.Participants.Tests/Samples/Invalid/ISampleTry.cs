namespace Transactions.Participants.Tests.Samples.Invalid;

/// <summary>The interface the invalid participants implement (their attributes sit on the implementations).</summary>
public interface ISampleTry
{
    Task TryAsync(string sku, CancellationToken cancellationToken);
}
