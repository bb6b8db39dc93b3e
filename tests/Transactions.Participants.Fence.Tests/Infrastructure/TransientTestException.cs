namespace Transactions.Participants.Fence.Tests.Infrastructure;

/// <summary>A failure that <see cref="TestRetryingExecutionStrategy"/> treats as transient.</summary>
public sealed class TransientTestException() : Exception("transient test failure");
