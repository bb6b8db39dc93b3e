namespace Transactions.Console.BrowserTests.Infrastructure;

/// <summary>The tests sharing one Chromium (they run one after the other: two cores are enough for one browser).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Chromium";
}
