using Microsoft.EntityFrameworkCore.Storage;

namespace Transactions.Participants.Fence.Tests.Infrastructure;

/// <summary>A retrying execution strategy (like EnableRetryOnFailure) that retries <see cref="TransientTestException"/>.</summary>
public sealed class TestRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : ExecutionStrategy(dependencies, maxRetryCount: 3, maxRetryDelay: TimeSpan.FromMilliseconds(10))
{
    protected override bool ShouldRetryOn(Exception exception) => exception is TransientTestException;
}
