using Transactions.Grpc.Tests.Echo;

namespace Transactions.Grpc.Tests;

public sealed class MethodTests
{
    [Fact]
    public void FullName_ServiceAndMethod_IsGrpcPath()
    {
        var sut = new Method<EchoRequest, EchoReply>("transactions.v1.TransactionManager", "Begin", EchoRequest.Parser, EchoReply.Parser);

        Assert.Equal("/transactions.v1.TransactionManager/Begin", sut.FullName);
        Assert.Equal("transactions.v1.TransactionManager", sut.ServiceName);
        Assert.Equal("Begin", sut.Name);
    }

    [Theory]
    [InlineData("", "Begin")]
    [InlineData("svc", " ")]
    [InlineData("a/b", "Begin")]
    public void Constructor_InvalidNames_Throws(string service, string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => new Method<EchoRequest, EchoReply>(service, name, EchoRequest.Parser, EchoReply.Parser));
    }
}
