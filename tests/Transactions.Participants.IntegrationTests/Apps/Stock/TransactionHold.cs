namespace Transactions.Participants.IntegrationTests.Stock;

/// <summary>A one-shot gate a test arms to stop the stock service at a chosen point until it releases it.</summary>
public sealed class TransactionHold
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the service reached the gate.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Lets the held work go on.</summary>
    public void Release() => _released.TrySetResult();

    internal async Task WaitAsync(CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        await _released.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }
}
