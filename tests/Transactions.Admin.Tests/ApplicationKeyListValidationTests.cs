using Transactions.Admin.Security;

namespace Transactions.Admin.Tests;

public sealed class ApplicationKeyListValidationTests
{
    private static readonly string HashA = ApiKeyHash.Compute("key-a-0123456789abcdef");
    private static readonly string HashB = ApiKeyHash.Compute("key-b-0123456789abcdef");

    [Fact]
    public void WellFormedDistinctEntries_NoFailure()
    {
        var failures = new List<string>();

        ApplicationKeyListValidation.Validate("Security:Applications", [("orders", HashA), ("billing", HashB)], failures);

        Assert.Empty(failures);
    }

    [Fact]
    public void EachProblem_NamesItsEntry()
    {
        var failures = new List<string>();

        ApplicationKeyListValidation.Validate(
            "Security:Applications",
            [("orders", HashA), ("orders", HashB), ("", "sha256:short"), (new string('x', 129), HashA)],
            failures);

        Assert.Equal(
            [
                "Security:Applications:1:ApplicationId 'orders' is used by another entry.",
                "Security:Applications:2:ApplicationId is required (at most 128 characters).",
                "Security:Applications:2:KeyHash must be 'sha256:' followed by 64 hex digits (configure the key's hash, never the key).",
                "Security:Applications:3:ApplicationId is required (at most 128 characters).",
                "Security:Applications:3:KeyHash is the same as another application's: each application needs a key of its own.",
            ],
            failures);
    }
}
