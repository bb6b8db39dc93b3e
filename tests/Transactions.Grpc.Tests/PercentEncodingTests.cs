using Transactions.Grpc.Internal;

namespace Transactions.Grpc.Tests;

public sealed class PercentEncodingTests
{
    [Theory]
    [InlineData("plain text, no escapes!", "plain text, no escapes!")]
    [InlineData("100%", "100%25")]
    [InlineData("a\r\nb\tc", "a%0D%0Ab%09c")]
    [InlineData("é", "%C3%A9")]
    [InlineData("✓", "%E2%9C%93")]
    [InlineData("🙂", "%F0%9F%99%82")]
    public void Encode_Value_MatchesSpec(string value, string expected)
    {
        var encoded = PercentEncoding.Encode(value);

        Assert.Equal(expected, encoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Status 100% ok ✓ ünïcödé 日本語 🙂 \r\n\t ~!@#$^&*()_+{}|:\"<>?`-=[]\\;',./")]
    public void Decode_EncodedValue_RoundTrips(string value)
    {
        var decoded = PercentEncoding.Decode(PercentEncoding.Encode(value));

        Assert.Equal(value, decoded);
    }

    [Theory]
    [InlineData("50%", "50%")]
    [InlineData("%zz and %4", "%zz and %4")]
    [InlineData("%41%42", "AB")]
    [InlineData("%e2%9c%93", "✓")]
    public void Decode_MalformedOrLowerCaseEscapes_DecodesLeniently(string value, string expected)
    {
        var decoded = PercentEncoding.Decode(value);

        Assert.Equal(expected, decoded);
    }
}
