using System.Net;
using System.Net.Sockets;

namespace Samples.Demo.Processes;

/// <summary>Free loopback ports for the child processes.</summary>
public static class FreeTcpPort
{
    /// <summary>A port the system just handed out (free now; taken by the child moments later).</summary>
    /// <returns>The port.</returns>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
