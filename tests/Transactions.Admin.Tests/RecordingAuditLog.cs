using System.Collections.Concurrent;
using Transactions.Common.Audit;

namespace Transactions.Admin.Tests;

/// <summary>An in-memory audit log that keeps what was appended, or fails every write when <see cref="Fail"/> is set.</summary>
internal sealed class RecordingAuditLog : IAuditLog
{
    private readonly ConcurrentQueue<AuditRecord> _records = new();

    public bool Fail { get; init; }

    public IReadOnlyList<AuditRecord> Records => _records.ToArray();

    public Task<AuditRecord> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        if (Fail)
        {
            throw new InvalidOperationException("The audit store is down.");
        }

        _records.Enqueue(record);
        return Task.FromResult(record);
    }

    public Task<IReadOnlyList<AuditRecord>> ListAsync(AuditQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AuditRecord>>(_records.ToArray());
}
