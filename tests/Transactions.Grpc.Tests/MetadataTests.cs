namespace Transactions.Grpc.Tests;

public sealed class MetadataTests
{
    [Fact]
    public void Add_MixedCaseKey_StoresLowerCaseAndLooksUpCaseInsensitively()
    {
        var sut = new Metadata();

        sut.Add("X-Request-Id", "abc");

        Assert.Equal("x-request-id", Assert.Single(sut).Key);
        Assert.Equal("abc", sut.GetValue("X-REQUEST-ID"));
    }

    [Fact]
    public void GetValue_RepeatedKey_ReturnsLastAndGetAllReturnsAllInOrder()
    {
        var sut = new Metadata { { "k", "1" }, { "k", "2" } };

        Assert.Equal("2", sut.GetValue("k"));
        Assert.Equal(["1", "2"], sut.GetAll("k").Select(e => e.Value));
        Assert.Null(sut.GetValue("missing"));
    }

    [Fact]
    public void AddBytes_BinaryKey_StoresUnpaddedBase64AndDecodes()
    {
        var sut = new Metadata();
        byte[] bytes = [0, 1, 2, 250, 255];

        sut.Add("trace-bin", bytes);

        Assert.Equal("AAEC+v8", sut.GetValue("trace-bin"));
        Assert.Equal(bytes, sut.GetValueBytes("trace-bin"));
    }

    [Theory]
    [InlineData("AAEC+v8=")]
    [InlineData("AAEC+v8")]
    public void GetValueBytes_PaddedOrUnpaddedBase64_Decodes(string base64)
    {
        var sut = new Metadata { { "trace-bin", base64 } };

        Assert.Equal(new byte[] { 0, 1, 2, 250, 255 }, sut.GetValueBytes("trace-bin"));
    }

    [Theory]
    [InlineData("bad key")]
    [InlineData("key:")]
    [InlineData("")]
    public void Add_InvalidKey_Throws(string key)
    {
        var sut = new Metadata();

        Assert.ThrowsAny<ArgumentException>(() => sut.Add(key, "v"));
    }

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("ünïcödé")]
    public void Add_NonAsciiValueForTextKey_Throws(string value)
    {
        var sut = new Metadata();

        Assert.Throws<ArgumentException>(() => sut.Add("x-text", value));
    }

    [Fact]
    public void Add_BytesForTextKeyOrNonBase64ForBinaryKey_Throws()
    {
        var sut = new Metadata();

        Assert.Throws<ArgumentException>(() => sut.Add("x-text", new byte[] { 1 }));
        Assert.Throws<ArgumentException>(() => sut.Add("x-data-bin", "not base64!"));
    }

    [Fact]
    public void Empty_Add_ThrowsBecauseReadOnly()
    {
        Assert.Throws<InvalidOperationException>(() => Metadata.Empty.Add("k", "v"));
        Assert.Empty(Metadata.Empty);
    }

    [Fact]
    public void Remove_ExistingKey_RemovesEveryEntry()
    {
        var sut = new Metadata { { "k", "1" }, { "K", "2" }, { "other", "3" } };

        var removed = sut.Remove("k");

        Assert.Equal(2, removed);
        Assert.Equal("other", Assert.Single(sut).Key);
    }
}
