namespace Transactions.Participants.Tests.Samples;

public interface IComplexParticipant
{
    [TccAction("complex", ConfirmMethod = nameof(ComplexParticipant.ConfirmAsync), CancelMethod = nameof(ComplexParticipant.CancelAsync))]
    Task TryAsync(List<OrderLine>? lines, DateTimeOffset at, string? note);
}
