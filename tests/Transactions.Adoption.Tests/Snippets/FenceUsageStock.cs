using System.ComponentModel.DataAnnotations;

namespace Transactions.Adoption.Tests.Snippets;

/// <summary>The stock row of the fence README's example.</summary>
public sealed class FenceUsageStock
{
    [Key]
    public required string Sku { get; set; }

    public int Frozen { get; set; }
}
