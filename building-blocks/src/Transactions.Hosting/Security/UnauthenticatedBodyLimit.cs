namespace Transactions.Hosting.Security;

/// <summary>The default of both services' <c>Security:UnauthenticatedMaxRequestBytes</c>.</summary>
public static class UnauthenticatedBodyLimit
{
    /// <summary>16 KiB: room for any request that only needs to be refused, far below the message limits (1 MiB, 8 MiB).</summary>
    public const int DefaultBytes = 16 * 1024;
}
