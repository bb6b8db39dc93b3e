using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Options;

namespace Transactions.ReliableMessage.Engine;

/// <summary>
/// Who this process is in leases: the configured instance id plus a random suffix per process start, so a
/// restarted instance never takes its predecessor's leases for its own (they expire and are taken over).
/// </summary>
public sealed class InstanceIdentity(IOptions<ReliableMessageOptions> options)
{
    /// <summary>The configured instance id.</summary>
    public string InstanceId { get; } = options.Value.InstanceId;

    /// <summary>The lease owner written into claimed rows.</summary>
    public string LeaseOwner { get; } = $"{options.Value.InstanceId}/{Guid.NewGuid():N}"[..Math.Min(options.Value.InstanceId.Length + 13, 256)];
}
