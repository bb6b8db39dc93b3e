using Transactions.Admin.Security;

namespace Transactions.Admin.Tests;

public sealed class EndpointAllowListTests
{
    [Theory]
    [InlineData("http://stock:5001", "http://stock:5001", true)]
    [InlineData("http://stock:5001", "http://stock:5001/transactions/participant", true)]
    [InlineData("http://stock:5001", "http://stock:5002", false)]
    [InlineData("http://stock:5001", "https://stock:5001", false)]
    [InlineData("http://stock", "http://stock:5002", true)]
    [InlineData("http://stock", "http://stock.evil.example", false)]
    [InlineData("http://stock:80", "http://stock:8080", false)]
    [InlineData("http://*.orders.internal", "http://stock.orders.internal:5001", true)]
    [InlineData("http://*.orders.internal", "http://orders.internal", false)]
    [InlineData("http://*.orders.internal", "http://stock.orders.internal.evil.example", false)]
    [InlineData("https://gateway/tx", "https://gateway/tx/participant", true)]
    [InlineData("https://gateway/tx", "https://gateway/tx", true)]
    [InlineData("https://gateway/tx", "https://gateway/txevil", false)]
    [InlineData("https://gateway/tx/", "https://gateway/admin", false)]
    [InlineData("http://[::1]:5001", "http://[::1]:5001", true)]
    [InlineData("http://[::1]:5001", "http://[::1]:22", false)]
    [InlineData("http://127.0.0.1", "http://169.254.169.254/latest/meta-data", false)]
    public void Allows_ByEntry(string entry, string endpoint, bool allowed)
    {
        var list = EndpointAllowList.Create([entry]);

        Assert.Equal(allowed, list.Allows(new Uri(endpoint)));
    }

    [Fact]
    public void EmptyList_AllowsEverything_AnyEntryMatching_Allows()
    {
        var list = EndpointAllowList.Create(["http://stock:5001", "http://points:5002"]);

        Assert.True(EndpointAllowList.Any.Allows(new Uri("http://169.254.169.254")));
        Assert.True(list.Allows(new Uri("http://points:5002")));
        Assert.False(list.Allows(new Uri("http://points:5001")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("stock:5001")]
    [InlineData("ftp://stock")]
    [InlineData("http://stock/?q=1")]
    [InlineData("http://user:pw@stock")]
    public void Problem_MalformedEntry_Named_AndCreateRefusesIt(string entry)
    {
        Assert.NotNull(EndpointAllowList.Problem(entry));
        Assert.Throws<ArgumentException>(() => EndpointAllowList.Create([entry]));
    }
}
