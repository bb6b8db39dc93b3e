namespace Transactions.Coordinator.Engine;

/// <summary>Size limits of request fields (also documented in the .proto files).</summary>
public static class RequestLimits
{
    /// <summary>Transaction name.</summary>
    public const int Name = 128;

    /// <summary>Idempotency key and application id.</summary>
    public const int Key = 128;

    /// <summary>Resource id and action name.</summary>
    public const int Resource = 256;

    /// <summary>Participant endpoint URL.</summary>
    public const int Endpoint = 1024;

    /// <summary>Action context, in characters.</summary>
    public const int ActionContext = 64 * 1024;

    /// <summary>Rollback reason.</summary>
    public const int Reason = 1024;

    /// <summary>Error text reported by a participant.</summary>
    public const int Error = 4096;
}
