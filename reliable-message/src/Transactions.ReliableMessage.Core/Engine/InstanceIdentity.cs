using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Options;
using Transactions.ReliableMessage.Storage;

namespace Transactions.ReliableMessage.Engine;

/// <summary>
/// Who this process is in leases: the configured instance id plus a random suffix per process start, so a
/// restarted instance never takes its predecessor's leases for its own; it ends them when it starts
/// (<see cref="IMessageStore.ReleaseEarlierRunsLeasesAsync"/>) and claims the work again like any other.
/// </summary>
public sealed class InstanceIdentity(IOptions<ReliableMessageOptions> options)
{
    /// <summary>The configured instance id.</summary>
    public string InstanceId { get; } = options.Value.InstanceId;

    /// <summary>The lease owner written into claimed rows: <see cref="EarlierRunsPrefix"/> and a random suffix.</summary>
    public string LeaseOwner { get; } = $"{options.Value.InstanceId}/{Guid.NewGuid():N}"[..Math.Min(options.Value.InstanceId.Length + 13, 256)];

    /// <summary>What every run of this instance's lease owner starts with (the instance id and a slash).</summary>
    public string EarlierRunsPrefix => $"{InstanceId}/";
}
