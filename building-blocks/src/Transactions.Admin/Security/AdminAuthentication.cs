namespace Transactions.Admin.Security;

/// <summary>Names of the admin authentication scheme, its claims and its authorization policies.</summary>
public static class AdminAuthentication
{
    /// <summary>The authentication scheme of admin API keys.</summary>
    public const string Scheme = "AdminApiKey";

    /// <summary>Policy: any valid admin key (read-only or operator).</summary>
    public const string ReadPolicy = "admin.read";

    /// <summary>Policy: an operator key.</summary>
    public const string OperatePolicy = "admin.operate";

    /// <summary>The value of <c>Authorization</c> that carries a key: <c>ApiKey &lt;key&gt;</c>.</summary>
    public const string AuthorizationPrefix = "ApiKey ";
}
