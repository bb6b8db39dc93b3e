using Microsoft.AspNetCore.Routing;
using Transactions.Coordinator.AdminConsole.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the coordinator's admin web console.</summary>
public static class AdminConsoleEndpointExtensions
{
    private static readonly string[] GetAndHead = ["GET", "HEAD"];

    /// <summary>
    /// Serves the console at <c>{pattern}/</c> (index.html, app.js, app.css) with correct content types,
    /// <c>Cache-Control: no-cache</c> (with an ETag) and a strict Content-Security-Policy (<c>default-src 'self'</c>,
    /// no inline script or style). <c>{pattern}</c> without the trailing slash redirects to <c>{pattern}/</c>.
    /// The page holds no secret: it asks the operator for an API key and sends it with every call to the admin
    /// REST API (<c>/api/v1/admin</c>, under the request's path base).
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="pattern">Where the console lives, <c>/console</c> by default.</param>
    /// <returns>The console's route group, to add conventions to (host filtering, rate limiting...).</returns>
    public static IEndpointConventionBuilder MapAdminConsole(this IEndpointRouteBuilder endpoints, string pattern = "/console")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);

        var prefix = "/" + pattern.Trim('/');
        var handler = new ConsoleRequestHandler(prefix.TrimEnd('/') + "/");
        var group = endpoints.MapGroup(prefix);
        group.MapMethods("/", GetAndHead, handler.ServeRootAsync).WithDisplayName("Admin console");
        group.MapMethods("/{file}", GetAndHead, handler.ServeFileAsync).WithDisplayName("Admin console asset");
        return group;
    }
}
