using Microsoft.Extensions.DependencyInjection;

namespace Transactions.Participants;

/// <summary>
/// Returned by <c>services.AddTransactions(...)</c>; plug-ins add themselves through extension methods on it,
/// e.g. <c>.UseTccFence&lt;TContext&gt;()</c> from Transactions.Participants.EntityFrameworkCore.
/// </summary>
public sealed class TransactionsBuilder
{
    internal TransactionsBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The service collection the SDK was added to.</summary>
    public IServiceCollection Services { get; }
}
