namespace Transactions.Participants.Saga;

/// <summary>A <see cref="SagaActionAttribute"/> action: its implementation type, action and compensation methods.</summary>
internal sealed record SagaActionDescriptor(string Name, Type ImplementationType, SagaMethod Action, SagaMethod Compensation);
