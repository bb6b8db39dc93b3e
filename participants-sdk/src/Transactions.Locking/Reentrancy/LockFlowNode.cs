namespace Transactions.Locking;

/// <summary>
/// One acquire call in an async flow, kept in an <see cref="AsyncLocal{T}"/> as a linked list (innermost first).
/// It is put in place synchronously when the call starts, so the caller's flow and every flow forked from it
/// after that see it; the lease is filled in when the acquisition succeeds. A flow re-enters a resource when a
/// node of its list holds a live lease on it. The flow id of the outermost unfinished node names the owner.
/// </summary>
internal sealed class LockFlowNode
{
    private volatile LockLease? _lease;
    private volatile bool _finished;

    public LockFlowNode(string resource, string flowId, LockFlowNode? parent)
    {
        Resource = resource;
        FlowId = flowId;
        Parent = parent;
    }

    /// <summary>The resource this call asked for.</summary>
    public string Resource { get; }

    /// <summary>The flow id (shared with every unfinished outer node).</summary>
    public string FlowId { get; }

    /// <summary>The enclosing call, if any.</summary>
    public LockFlowNode? Parent { get; }

    /// <summary>The lease once acquired.</summary>
    public LockLease? Lease => _lease;

    /// <summary>Whether the call failed or its lease was released: the node no longer counts.</summary>
    public bool IsFinished => _finished;

    /// <summary>Records the acquired lease.</summary>
    public void Acquired(LockLease lease) => _lease = lease;

    /// <summary>The call failed, or its lease was released.</summary>
    public void Finish() => _finished = true;

    /// <summary>The innermost node of <paramref name="node"/>'s list that still counts, or <see langword="null"/>.</summary>
    public static LockFlowNode? SkipFinished(LockFlowNode? node)
    {
        while (node is { IsFinished: true })
        {
            node = node.Parent;
        }

        return node;
    }

    /// <summary>A live lease on <paramref name="resource"/> held by this flow, or <see langword="null"/>.</summary>
    public static LockLease? FindHeld(LockFlowNode? node, string resource)
    {
        for (; node is not null; node = node.Parent)
        {
            if (!node.IsFinished && node.Lease is { IsHeld: true } lease && string.Equals(lease.Resource, resource, StringComparison.Ordinal))
            {
                return lease;
            }
        }

        return null;
    }
}
