using Transactions.Admin.Security;

namespace Transactions.Admin.Tests;

public sealed class ApiKeyHashTests
{
    [Fact]
    public void Compute_Key_IsPrefixedLowercaseSha256()
    {
        // sha256("0123456789abcdef"), computed independently with `printf %s 0123456789abcdef | sha256sum`.
        var hash = ApiKeyHash.Compute("0123456789abcdef");

        Assert.Equal("sha256:9f9f5111f7b27a781f1f1ddde5ebc2dd2b796bfc7365c9c28b548e564176929f", hash);
        Assert.True(ApiKeyHash.IsWellFormed(hash));
    }

    [Fact]
    public void Compute_ShortKey_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => ApiKeyHash.Compute("short"));

        Assert.Contains("16", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("9f9f5111f7b27a781f1f1ddde5ebc2dd2b796bfc7365c9c28b548e564176929f")]
    [InlineData("sha256:9f9f")]
    [InlineData("sha256:zz9f5111f7b27a781f1f1ddde5ebc2dd2b796bfc7365c9c28b548e564176929f")]
    [InlineData("md5:9f9f5111f7b27a781f1f1ddde5ebc2dd2b796bfc7365c9c28b548e564176929f")]
    public void IsWellFormed_NotAStoredHash_False(string? value)
    {
        Assert.False(ApiKeyHash.IsWellFormed(value));
    }
}
