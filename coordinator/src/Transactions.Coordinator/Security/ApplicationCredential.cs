namespace Transactions.Coordinator.Security;

/// <summary>One application allowed on the TC protocol (<c>Security:Applications:N</c>).</summary>
public sealed class ApplicationCredential
{
    /// <summary>
    /// The application's id, e.g. <c>order-service</c>: transactions begun with its key are recorded under it
    /// (the participants SDK's <c>TransactionsOptions.ApplicationId</c>). Required, unique, at most 128 characters.
    /// </summary>
    public string ApplicationId { get; set; } = string.Empty;

    /// <summary>
    /// The hash of the application's key, <c>sha256:&lt;64 hex digits&gt;</c> (print it with
    /// <c>Transactions.Coordinator hash-api-key &lt;key&gt;</c>); the key itself is never configured. Required, unique.
    /// </summary>
    public string KeyHash { get; set; } = string.Empty;

    /// <summary>
    /// Other applications whose transactions this application may join as a participant (RegisterBranch and
    /// ReportBranch), e.g. <c>["order-service"]</c> for a stock service called inside the order service's
    /// transactions; <c>*</c> allows any. It never allows Commit, Rollback or GetStatus on them. Default: empty,
    /// meaning only its own transactions.
    /// </summary>
    public IList<string> ParticipatesIn { get; } = [];

    /// <summary>
    /// The endpoints this application may register as participants and saga steps (see <c>EndpointAllowList</c> for the
    /// entry forms). Default: empty, meaning <see cref="ApplicationSecurityOptions.AllowedEndpoints"/> applies.
    /// </summary>
    public IList<string> AllowedEndpoints { get; } = [];
}
