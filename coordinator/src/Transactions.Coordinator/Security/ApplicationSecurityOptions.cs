namespace Transactions.Coordinator.Security;

/// <summary>
/// Per-application credentials on the TC protocol (configuration section <c>Security</c>), validated at start.
/// A caller presents its key in the <c>x-tx-app-key</c> metadata; a transaction belongs to the application that
/// began it, and other applications' Commit, Rollback, GetStatus, GetSaga, RegisterBranch and ReportBranch on it
/// are refused with PermissionDenied.
/// </summary>
public sealed class ApplicationSecurityOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Security";

    /// <summary>The metadata key that carries an application's key on TC calls.</summary>
    public const string KeyHeader = "x-tx-app-key";

    /// <summary>The applications and their key hashes. Default: none.</summary>
    public IList<ApplicationCredential> Applications { get; } = [];

    /// <summary>
    /// When true, every TC call must present a configured application's key (else Unauthenticated), and
    /// transactions begun without an application are closed to every caller. When false (the default, so the demo
    /// and tests without keys keep working), calls without a key are accepted; transactions of a configured
    /// application still need that application's key, and those without an application stay open to any caller.
    /// Turn on in production.
    /// </summary>
    public bool RequireApplicationKeys { get; set; }

    /// <summary>
    /// The endpoints the coordinator may be told to call (participant_endpoint of RegisterBranch, saga step endpoints)
    /// by callers without a key and by applications without <see cref="ApplicationCredential.AllowedEndpoints"/> of
    /// their own: absolute http(s) URLs, <c>http://stock:5001</c> (that port), <c>http://stock</c> (any port),
    /// <c>http://*.orders.internal</c> (any host under the domain), <c>https://gateway/tx</c> (that path and below).
    /// Anything else is InvalidArgument naming the field. Default: empty, meaning any endpoint (set it in production:
    /// otherwise any caller can make the coordinator send requests to any address it can reach).
    /// </summary>
    public IList<string> AllowedEndpoints { get; } = [];

    /// <summary>
    /// Outside the Development environment the coordinator starts only with <see cref="RequireApplicationKeys"/> on and
    /// admin keys configured (<c>Admin:ApiKeys</c>); true lets it start without them (it then logs what is open at
    /// start). Default: false. The embedded demo sets it.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// Request body bytes accepted from a caller without a valid application key (none, where keys are required, or
    /// an unknown one), before the call is refused: such a caller cannot make the service hold a full-size message.
    /// Default: 16 KiB.
    /// </summary>
    public int UnauthenticatedMaxRequestBytes { get; set; } = Transactions.Hosting.Security.UnauthenticatedBodyLimit.DefaultBytes;
}
