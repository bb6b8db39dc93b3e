using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Transactions.Participants;
using Transactions.Participants.EntityFrameworkCore;
using Transactions.Participants.Fence;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Plugs the EF Core TCC fence into the participants SDK.</summary>
public static class TransactionsBuilderTccFenceExtensions
{
    /// <summary>
    /// Runs every TCC phase of this service (Try in the caller's scope, Confirm/Cancel in the scope the
    /// participant endpoint opens) behind the fence of <typeparamref name="TContext"/>: the fence row and the
    /// business change commit in one local transaction; duplicates take effect once, a Cancel before its Try
    /// is an empty rollback and the late Try is refused. Registers the fence and its cleaner
    /// (<c>services.AddTccFence&lt;TContext&gt;(configure)</c>). <typeparamref name="TContext"/> must be registered
    /// with <c>AddDbContext</c> (scoped), and its <c>OnModelCreating</c> must call <c>modelBuilder.AddTccFence()</c>
    /// (then add a migration). One fence context per application.
    /// </summary>
    /// <typeparam name="TContext">The participant's DbContext.</typeparam>
    /// <param name="builder">The SDK builder from <c>services.AddTransactions(...)</c>.</param>
    /// <param name="configure">Fence cleaner settings (retention, interval, batch size); optional.</param>
    /// <returns>The same builder.</returns>
    public static TransactionsBuilder UseTccFence<TContext>(this TransactionsBuilder builder, Action<TccFenceOptions>? configure = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddTccFence<TContext>(configure);
        builder.Services.Replace(ServiceDescriptor.Singleton<ITccPhaseExecutor, EfCoreTccPhaseExecutor<TContext>>());
        return builder;
    }
}
