using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Transactions.Coordinator.AdminConsole.Internal;

/// <summary>Serves the console's files with their security and caching headers.</summary>
/// <param name="rootPath">The console's address with its trailing slash, e.g. <c>/console/</c>.</param>
internal sealed class ConsoleRequestHandler(string rootPath)
{
    /// <summary>
    /// The page's policy: its own script, style and API only; no inline script or style, no plugins, no framing,
    /// no base-URI rewriting.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /// <summary><c>{prefix}</c> redirects to <c>{prefix}/</c> (the page's relative links need it); <c>{prefix}/</c> is the page.</summary>
    public Task ServeRootAsync(HttpContext context)
    {
        if (!context.Request.Path.Value!.EndsWith('/'))
        {
            context.Response.Redirect(context.Request.PathBase + rootPath + context.Request.QueryString);
            return Task.CompletedTask;
        }

        return ServeAsync(context, ConsoleAssets.IndexName);
    }

    /// <summary>One of the console's files, or 404.</summary>
    public Task ServeFileAsync(HttpContext context)
    {
        return ServeAsync(context, context.Request.RouteValues["file"] as string ?? string.Empty);
    }

    private static async Task ServeAsync(HttpContext context, string name)
    {
        var response = context.Response;
        if (!ConsoleAssets.All.TryGetValue(name, out var asset))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var content = asset.Content;
        var etag = asset.ETag;
        if (name == ConsoleAssets.IndexName && context.Request.PathBase.HasValue)
        {
            // The page calls the API under the same path base as itself.
            var apiBase = HtmlEncoder.Default.Encode(context.Request.PathBase.Value + "/api/v1/admin");
            content = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content).Replace(ConsoleAssets.ApiBaseAttribute, $"content=\"{apiBase}\"", StringComparison.Ordinal));
            etag = ConsoleAsset.ComputeETag(content);
        }

        var headers = response.Headers;
        headers.CacheControl = "no-cache";
        headers.ETag = etag;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Tag == etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = content.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(content, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
