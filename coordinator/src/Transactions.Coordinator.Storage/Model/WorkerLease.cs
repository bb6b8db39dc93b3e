using Transactions.Storage;

namespace Transactions.Coordinator.Storage.Model;

/// <summary>A row of <c>tx_worker_leases</c>: who holds a Snowflake worker id, until when (columns in <see cref="WorkerLeaseRow"/>).</summary>
public sealed class WorkerLease : WorkerLeaseRow;
