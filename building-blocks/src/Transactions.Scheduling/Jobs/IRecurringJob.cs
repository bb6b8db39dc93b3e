namespace Transactions.Scheduling.Jobs;

/// <summary>
/// A recurring job of a service, resolved from DI and run by Hangfire on its schedule (see
/// <c>AddRecurringJob</c>). A run must be idempotent and bounded: it does a limited amount of work and leaves the
/// rest to the next run; a run that fails or is cut off part-way must leave nothing a later run cannot finish.
/// </summary>
public interface IRecurringJob
{
    /// <summary>Runs once; answers how many rows it removed (or otherwise handled), for logs and metrics.</summary>
    /// <param name="cancellationToken">Cancelled when the instance shuts down.</param>
    /// <returns>The rows the run handled.</returns>
    Task<long> RunAsync(CancellationToken cancellationToken);
}
