using Transactions.Grpc.Internal;

namespace Transactions.Grpc.Tests;

public sealed class HttpStatusMappingTests
{
    [Theory]
    [InlineData(400, StatusCode.Internal)]
    [InlineData(401, StatusCode.Unauthenticated)]
    [InlineData(403, StatusCode.PermissionDenied)]
    [InlineData(404, StatusCode.Unimplemented)]
    [InlineData(429, StatusCode.Unavailable)]
    [InlineData(431, StatusCode.Internal)]
    [InlineData(502, StatusCode.Unavailable)]
    [InlineData(503, StatusCode.Unavailable)]
    [InlineData(504, StatusCode.Unavailable)]
    [InlineData(200, StatusCode.Unknown)]
    [InlineData(500, StatusCode.Unknown)]
    public void FromHttpStatus_Code_MapsPerSpec(int httpStatus, StatusCode expected)
    {
        Assert.Equal(expected, HttpStatusMapping.FromHttpStatus(httpStatus));
    }

    [Theory]
    [InlineData(0x0, StatusCode.Internal)]
    [InlineData(0x2, StatusCode.Internal)]
    [InlineData(0x7, StatusCode.Unavailable)]
    [InlineData(0x8, StatusCode.Cancelled)]
    [InlineData(0xB, StatusCode.ResourceExhausted)]
    [InlineData(0xC, StatusCode.PermissionDenied)]
    public void FromHttp2ErrorCode_Code_MapsPerSpec(long errorCode, StatusCode expected)
    {
        Assert.Equal(expected, HttpStatusMapping.FromHttp2ErrorCode(errorCode));
    }

    [Theory]
    [InlineData("0", StatusCode.OK)]
    [InlineData("16", StatusCode.Unauthenticated)]
    [InlineData("17", StatusCode.Unknown)]
    [InlineData("-1", StatusCode.Unknown)]
    [InlineData("abc", StatusCode.Unknown)]
    [InlineData(null, StatusCode.Unknown)]
    public void ParseStatusCode_Value_ReturnsCodeOrUnknown(string? value, StatusCode expected)
    {
        Assert.Equal(expected, HttpStatusMapping.ParseStatusCode(value));
    }
}
