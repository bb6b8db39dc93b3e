using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Samples.Hosting.Database;

/// <summary>Small data helpers the sample services share.</summary>
public static class SampleDbContextExtensions
{
    /// <summary>
    /// Inserts the entity <paramref name="create"/> makes unless a row matching <paramref name="exists"/> is there
    /// (idempotent: a concurrent insert of the same key by a retried request is fine).
    /// </summary>
    /// <typeparam name="TEntity">The entity.</typeparam>
    /// <param name="db">The context.</param>
    /// <param name="exists">Finds the row.</param>
    /// <param name="create">Makes the new entity.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public static async Task AddIfMissingAsync<TEntity>(this DbContext db, Expression<Func<TEntity, bool>> exists, Func<TEntity> create, CancellationToken cancellationToken)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(create);
        if (await db.Set<TEntity>().AnyAsync(exists, cancellationToken))
        {
            return;
        }

        db.Set<TEntity>().Add(create());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Inserted concurrently by the same request retried: fine.
        }
    }
}
