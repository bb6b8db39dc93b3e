using System.Net;
using Microsoft.AspNetCore.Http;

namespace Transactions.Scheduling.Dashboard;

/// <summary>The dashboard's sign-in page: a plain form (no script), served with a strict CSP.</summary>
internal static class DashboardPages
{
    public static Task WriteSignInAsync(HttpResponse response, string path, string? message)
    {
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
        response.Headers.CacheControl = "no-store";
        var note = message is null ? string.Empty : $"<p role=\"alert\">{WebUtility.HtmlEncode(message)}</p>";
        var action = WebUtility.HtmlEncode(path + "/login");
        return response.WriteAsync(
            $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Jobs dashboard: sign in</title>
            <style>body{"{"}font:14px system-ui,sans-serif;margin:3em auto;max-width:28em{"}"}input{"{"}width:100%;padding:.4em{"}"}</style></head>
            <body><h1>Jobs dashboard</h1>{note}
            <form method="post" action="{action}">
            <label for="key">Admin API key (read-only keys see, operator keys may trigger and delete jobs)</label>
            <input id="key" name="key" type="password" autocomplete="off" required>
            <p><button type="submit">Sign in</button></p></form></body></html>
            """);
    }
}
