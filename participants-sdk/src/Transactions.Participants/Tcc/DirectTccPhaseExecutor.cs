namespace Transactions.Participants.Tcc;

/// <summary>The default <see cref="ITccPhaseExecutor"/>: no fence, the business method just runs.</summary>
internal sealed class DirectTccPhaseExecutor : ITccPhaseExecutor
{
    public async Task<TccPhaseOutcome> ExecuteAsync(TccPhaseCall call, Func<CancellationToken, Task> business, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(business);
        await business(cancellationToken).ConfigureAwait(false);
        return TccPhaseOutcome.Executed;
    }
}
