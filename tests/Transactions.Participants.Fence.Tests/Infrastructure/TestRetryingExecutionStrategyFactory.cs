using Microsoft.EntityFrameworkCore.Storage;

namespace Transactions.Participants.Fence.Tests.Infrastructure;

/// <summary>Provider-agnostic way to give a context <see cref="TestRetryingExecutionStrategy"/> (via ReplaceService).</summary>
public sealed class TestRetryingExecutionStrategyFactory(ExecutionStrategyDependencies dependencies) : IExecutionStrategyFactory
{
    public IExecutionStrategy Create() => new TestRetryingExecutionStrategy(dependencies);
}
