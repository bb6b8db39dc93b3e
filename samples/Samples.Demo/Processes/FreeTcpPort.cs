using System.Net;
using System.Net.Sockets;

namespace Samples.Demo.Processes;

/// <summary>Free loopback ports for the child processes.</summary>
/// <remarks>
/// Ports come from 20000-32767, below Linux's ephemeral range (32768-60999): a port taken from the ephemeral range can
/// be handed to an outgoing connection's local end (to PostgreSQL, Kafka, another child) between the moment it is
/// picked and the moment the child binds it ("address already in use"). Each port is handed out once per process and is
/// checked free before it is returned.
/// </remarks>
public static class FreeTcpPort
{
    private const int First = 20000;
    private const int Last = 32767;

    private static int _next = First + Random.Shared.Next(Last - First);

    /// <summary>A port free right now on 127.0.0.1, never returned before in this process.</summary>
    /// <returns>The port.</returns>
    public static int Next()
    {
        for (var tries = 0; tries <= Last - First; tries++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % (Last - First + 1));
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
