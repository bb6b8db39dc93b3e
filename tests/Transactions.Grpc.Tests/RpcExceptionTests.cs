namespace Transactions.Grpc.Tests;

public sealed class RpcExceptionTests
{
    [Fact]
    public void Message_StatusAndDetail_FormattedLikeGrpcCore()
    {
        var sut = new RpcException(StatusCode.NotFound, "no such transaction");

        Assert.Equal("Status(StatusCode=\"NotFound\", Detail=\"no such transaction\")", sut.Message);
        Assert.Equal(StatusCode.NotFound, sut.StatusCode);
        Assert.Same(Metadata.Empty, sut.Trailers);
    }

    [Fact]
    public void Constructor_Trailers_AreKept()
    {
        var trailers = new Metadata { { "k", "v" } };

        var sut = new RpcException(new Status(StatusCode.Aborted, "conflict"), trailers);

        Assert.Same(trailers, sut.Trailers);
        Assert.Equal(new Status(StatusCode.Aborted, "conflict"), sut.Status);
    }
}
