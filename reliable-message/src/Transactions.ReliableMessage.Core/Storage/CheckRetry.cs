namespace Transactions.ReliableMessage.Storage;

/// <summary>Input of <see cref="IMessageStore.SaveCheckRetryAsync"/>.</summary>
/// <param name="MessageId">The message.</param>
/// <param name="Owner">The instance that holds its lease.</param>
/// <param name="NowUnixMs">Current time.</param>
/// <param name="CheckAttempts">Back-checks made, this one included.</param>
/// <param name="NextCheckUnixMs">When to check again (ignored when parking).</param>
/// <param name="Error">What went wrong.</param>
/// <param name="Park">Park the message for an administrator instead of scheduling another check.</param>
public sealed record CheckRetry(long MessageId, string Owner, long NowUnixMs, int CheckAttempts, long NextCheckUnixMs, string Error, bool Park);
