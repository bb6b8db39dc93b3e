using System.Globalization;
using Samples.Contracts.Orders;

namespace Samples.Demo.Script;

/// <summary>Prints the demo's summary table and its consistency verdict.</summary>
public static class SummaryPrinter
{
    /// <summary>Prints <paramref name="result"/>.</summary>
    /// <param name="result">The demo's result.</param>
    /// <param name="output">Where.</param>
    public static void Print(DemoResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var culture = CultureInfo.InvariantCulture;
        var after = result.After;
        output.WriteLine();
        output.WriteLine("=== Summary ===");
        output.WriteLine();
        output.WriteLine(string.Create(culture, $"{"Orders by outcome",-20}{"orders",8}{"units",8}{"points",8}"));
        foreach (var status in Enum.GetValues<OrderStatus>())
        {
            var orders = after.Orders.Where(o => o.Status == status).ToList();
            output.WriteLine(string.Create(culture, $"  {status,-18}{orders.Count,8}{orders.Sum(o => o.Quantity),8}{orders.Sum(o => o.Points),8}"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(culture, $"{"Stock (before -> after)",-26}{"available",14}{"frozen",10}{"sold",10}{"total",8}"));
        foreach (var (sku, initial) in result.InitialStock)
        {
            var b = result.Before.Products.FirstOrDefault(p => p.Sku == sku);
            var a = after.Products.FirstOrDefault(p => p.Sku == sku);
            output.WriteLine(string.Create(culture, $"  {sku,-24}{Pair(b?.Available, a?.Available),14}{Pair(b?.Frozen, a?.Frozen),10}{Pair(b?.Sold, a?.Sold),10}{(a is null ? "-" : $"{a.Available + a.Frozen + a.Sold}/{initial}"),8}"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(culture, $"{"Points (before -> after)",-26}{"pending",10}{"available",14}{"earned",8}"));
        foreach (var account in after.Accounts)
        {
            var b = result.Before.Accounts.FirstOrDefault(x => x.UserId == account.UserId);
            var earned = after.Orders.Where(o => o.Status == OrderStatus.Confirmed && o.UserId == account.UserId).Sum(o => o.Points);
            output.WriteLine(string.Create(culture, $"  {account.UserId,-24}{Pair(b?.Pending, account.Pending),10}{Pair(b?.Available, account.Available),14}{earned,8}"));
        }

        output.WriteLine();
        var confirmed = after.Orders.Count(o => o.Status == OrderStatus.Confirmed);
        output.WriteLine(string.Create(culture, $"Shipments: {after.Shipments.Count} (confirmed orders: {confirmed}, cancelled orders: {after.Orders.Count(o => o.Status == OrderStatus.Cancelled)})"));
        output.WriteLine();
        var unexpected = result.Steps.Where(s => !s.AsExpected).ToList();
        if (result.Passed)
        {
            output.WriteLine(string.Create(culture, $"Consistency verdict: PASS ({result.Report.Checks} invariants hold; {result.Steps.Count} script steps as expected)"));
            return;
        }

        output.WriteLine(string.Create(culture, $"Consistency verdict: FAIL ({result.Report.Violations.Count} of {result.Report.Checks} invariants violated; {unexpected.Count} script step(s) not as expected)"));
        foreach (var violation in result.Report.Violations)
        {
            output.WriteLine(string.Create(culture, $"  - {violation}"));
        }

        foreach (var step in unexpected)
        {
            output.WriteLine(string.Create(culture, $"  - {step.Title}: expected {step.Expected}, got {step.Actual}"));
        }
    }

    private static string Pair(int? before, int? after) => $"{before?.ToString(CultureInfo.InvariantCulture) ?? "-"} -> {after?.ToString(CultureInfo.InvariantCulture) ?? "-"}";
}
