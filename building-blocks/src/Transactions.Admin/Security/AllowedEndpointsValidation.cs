namespace Transactions.Admin.Security;

/// <summary>The start-up check of a configured <see cref="EndpointAllowList"/>: each malformed entry named.</summary>
public static class AllowedEndpointsValidation
{
    /// <summary>Adds a line to <paramref name="failures"/> for every malformed entry of <paramref name="entries"/>.</summary>
    /// <param name="path">The configuration path of the list, e.g. <c>Security:AllowedEndpoints</c>.</param>
    /// <param name="entries">The entries.</param>
    /// <param name="failures">Where the problems go.</param>
    public static void Validate(string path, IEnumerable<string> entries, ICollection<string> failures)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(failures);
        var i = 0;
        foreach (var entry in entries)
        {
            if (EndpointAllowList.Problem(entry) is { } problem)
            {
                failures.Add($"{path}:{i}: '{entry}' {problem}.");
            }

            i++;
        }
    }
}
