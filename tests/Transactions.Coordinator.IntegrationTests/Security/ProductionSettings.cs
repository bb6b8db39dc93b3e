using Transactions.Admin.Security;

namespace Transactions.Coordinator.IntegrationTests.Security;

/// <summary>Settings of a coordinator configured for production: application keys required, an admin key, no anonymous access.</summary>
internal static class ProductionSettings
{
    public static Dictionary<string, string> WithKeys() => new()
    {
        ["Security__AllowAnonymous"] = "false",
        ["Security__RequireApplicationKeys"] = "true",
        ["Security__Applications__0__ApplicationId"] = "orders",
        ["Security__Applications__0__KeyHash"] = ApiKeyHash.Compute("orders-app-key-0123456789"),
        ["Admin__ApiKeys__0__Name"] = "ops",
        ["Admin__ApiKeys__0__Hash"] = ApiKeyHash.Compute("ops-admin-key-0123456789"),
        ["Admin__ApiKeys__0__Role"] = "Operator",
    };
}
