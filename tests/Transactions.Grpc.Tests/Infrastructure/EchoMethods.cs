using Transactions.Grpc.Tests.Echo;

namespace Transactions.Grpc.Tests.Infrastructure;

/// <summary>The method descriptions of the test service <c>echo.v1.Echo</c>.</summary>
public static class EchoMethods
{
    public const string ServiceName = "echo.v1.Echo";

    public static readonly Method<EchoRequest, EchoReply> Say =
        new(ServiceName, "Say", EchoRequest.Parser, EchoReply.Parser);

    /// <summary>A method of the same service that the server does not map.</summary>
    public static readonly Method<EchoRequest, EchoReply> Missing =
        new(ServiceName, "Missing", EchoRequest.Parser, EchoReply.Parser);
}
