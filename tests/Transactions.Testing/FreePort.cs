using System.Net;
using System.Net.Sockets;

namespace Transactions.Testing;

/// <summary>Finds free loopback ports.</summary>
public static class FreePort
{
    /// <summary>A port free right now on 127.0.0.1.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
