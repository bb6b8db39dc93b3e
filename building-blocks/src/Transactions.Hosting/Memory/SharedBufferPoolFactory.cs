using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Transactions.Hosting.Memory;

/// <summary>
/// Kestrel's buffer pool as <see cref="MemoryPool{T}.Shared"/> (arrays of the shared <see cref="ArrayPool{T}"/>, not
/// pinned): what a burst of connections left behind is reclaimed by the garbage collector, where Kestrel's own pinned
/// block pool keeps it and gives it back slowly. Sockets pin a buffer only for the duration of an I/O.
/// </summary>
public sealed class SharedBufferPoolFactory : IMemoryPoolFactory<byte>
{
    /// <inheritdoc />
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => MemoryPool<byte>.Shared;
}
