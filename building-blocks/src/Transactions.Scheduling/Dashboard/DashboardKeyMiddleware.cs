using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Admin.Security;
using Transactions.Scheduling.Options;

namespace Transactions.Scheduling.Dashboard;

/// <summary>
/// Guards the dashboard with the admin API's keys. A request carries the key as the admin API takes it (header
/// <c>X-Api-Key</c> or <c>Authorization: ApiKey &lt;key&gt;</c>), or, for a browser, in the dashboard cookie that
/// <c>POST {DashboardPath}/login</c> sets (the web console's "Jobs" link posts its key there; a form at
/// <c>GET {DashboardPath}/login</c> does the same): HttpOnly, SameSite=Strict, scoped to the dashboard's path, gone
/// with the browser session. It covers the dashboard's own XHR calls (same origin, same path). No valid key: 401.
/// A valid key becomes the request's user with its role; <see cref="DashboardAuthorization"/> lets any key see and
/// only operators act.
/// </summary>
internal sealed partial class DashboardKeyMiddleware(
    RequestDelegate next,
    AdminKeyRing keys,
    IOptions<AdminSecurityOptions> admin,
    IOptions<JobsOptions> jobs,
    ILogger<DashboardKeyMiddleware> logger)
{
    /// <summary>The cookie that carries the key of a signed-in browser.</summary>
    internal const string CookieName = "tx-jobs-key";

    private const int MaximumKeyLength = 512;

    public async Task InvokeAsync(HttpContext context)
    {
        var path = jobs.Value.DashboardPath;
        var request = context.Request;
        if (request.Path.Equals(path + "/login", StringComparison.OrdinalIgnoreCase))
        {
            await SignInAsync(context, path).ConfigureAwait(false);
            return;
        }

        if (request.Path.Equals(path + "/logout", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Cookies.Delete(CookieName, CookieOptions(context, path));
            context.Response.Redirect(path + "/login", permanent: false);
            return;
        }

        var key = Match(PresentedKey(request) ?? request.Cookies[CookieName]);
        if (key is null)
        {
            await UnauthorizedAsync(context, path).ConfigureAwait(false);
            return;
        }

        Claim[] claims = [new(ClaimTypes.Name, key.Name), new(ClaimTypes.Role, key.Role.ToString())];
        context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, AdminAuthentication.Scheme, ClaimTypes.Name, ClaimTypes.Role));
        await next(context).ConfigureAwait(false);
    }

    private async Task SignInAsync(HttpContext context, string path)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method))
        {
            await DashboardPages.WriteSignInAsync(context.Response, path, message: null).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var presented = PresentedKey(request);
        var fromForm = false;
        if (presented is null && request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            presented = form["key"].ToString().Trim();
            fromForm = true;
        }

        var key = Match(presented);
        if (key is null)
        {
            LogRefused(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            if (fromForm)
            {
                await DashboardPages.WriteSignInAsync(context.Response, path, "That key was not accepted.").ConfigureAwait(false);
            }

            return;
        }

        context.Response.Cookies.Append(CookieName, presented!, CookieOptions(context, path));
        LogSignedIn(logger, key.Name, key.Role);
        if (fromForm)
        {
            context.Response.Redirect(path, permanent: false);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
    }

    private static CookieOptions CookieOptions(HttpContext context, string path) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = path,
        IsEssential = true,
    };

    private AdminApiKey? Match(string? presented) =>
        string.IsNullOrEmpty(presented) || presented.Length > MaximumKeyLength ? null : keys.Match(presented);

    private string? PresentedKey(HttpRequest request) => ApiKeyAuthenticationHandler.PresentedKey(request, admin.Value.HeaderName);

    private Task UnauthorizedAsync(HttpContext context, string path)
    {
        var header = admin.Value.HeaderName;
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{header}\"";
        var detail = keys.IsEmpty
            ? "The jobs dashboard is closed: no admin API key is configured (Admin:ApiKeys)."
            : $"An admin API key is required: send it in the {header} header, or sign in at {path}/login.";
        return context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
            ? DashboardPages.WriteSignInAsync(context.Response, path, detail)
            : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail).ExecuteAsync(context);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Jobs dashboard sign-in with an unknown key from {RemoteAddress}")]
    private static partial void LogRefused(ILogger logger, string remoteAddress);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Jobs dashboard sign-in by {Actor} ({Role})")]
    private static partial void LogSignedIn(ILogger logger, string actor, AdminRole role);
}
