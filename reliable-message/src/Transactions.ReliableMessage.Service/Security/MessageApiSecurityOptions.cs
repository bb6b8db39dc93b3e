namespace Transactions.ReliableMessage.Service.Security;

/// <summary>
/// Who may use the producer/consumer API (<c>reliablemessage.v1.ReliableMessageService</c> and <c>/api/v1</c> outside
/// <c>/admin</c>), configuration section <c>Security</c>, validated at start. A caller presents its application key in
/// the <c>x-rm-app-key</c> header (gRPC metadata or HTTP header; the producer and consumer SDKs: <c>ApplicationKey</c>).
/// </summary>
public sealed class MessageApiSecurityOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Security";

    /// <summary>The header (gRPC metadata or HTTP) that carries an application's key.</summary>
    public const string KeyHeader = Transactions.ReliableMessage.Protocol.ApplicationKeyCallInterceptor.KeyHeader;

    /// <summary>The applications, their key hashes and what each may do. Default: none.</summary>
    public IList<MessageApplication> Applications { get; } = [];

    /// <summary>
    /// When true, every call must present a configured application's key (else Unauthenticated / 401). When false (the
    /// default, so the embedded demo and setups without keys keep working), calls without a key are accepted for
    /// every producer and consumer group that no application lists; the groups an application lists need its key.
    /// Turn on in production.
    /// </summary>
    public bool RequireApplicationKeys { get; set; }

    /// <summary>
    /// The endpoints the service may be told to call (a Prepare's check_endpoint, a subscription's push_endpoint) by
    /// callers without a key and by applications without <see cref="MessageApplication.AllowedEndpoints"/> of their
    /// own: absolute http(s) URLs, <c>http://orders:5001</c> (that port), <c>http://orders</c> (any port),
    /// <c>http://*.shop.internal</c> (any host under the domain), <c>https://gateway/rm</c> (that path and below).
    /// Anything else is InvalidArgument / 400 naming the field. Default: empty, meaning any endpoint (set it in
    /// production: otherwise any caller can make the service send requests to any address it can reach).
    /// </summary>
    public IList<string> AllowedEndpoints { get; } = [];

    /// <summary>
    /// Outside the Development environment the service starts only with <see cref="RequireApplicationKeys"/> on and
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
