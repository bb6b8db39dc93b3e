namespace Transactions.Participants.Tests.Samples;

public sealed class ComplexParticipant : IComplexParticipant
{
    public Task TryAsync(List<OrderLine>? lines, DateTimeOffset at, string? note) => Task.CompletedTask;

    public Task ConfirmAsync(TccContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CancelAsync(TccContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
