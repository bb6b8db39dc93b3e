namespace Transactions.Participants.Tests.EntityFrameworkCore;

public sealed class Reservation
{
    public int Id { get; set; }

    public required string Phase { get; set; }
}
