using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Transactions.Console.BrowserTests.Infrastructure;
using Transactions.Console.BrowserTests.Stub;

namespace Transactions.Console.BrowserTests;

/// <summary>MapAdminConsole over plain HTTP: content types, caching and security headers, offline-only page.</summary>
public sealed partial class ConsoleEndpointTests
{
    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\sstyle=|<style|\son[a-z]+=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyleOrHandler();

    [GeneratedRegex(@"(?:https?:)?//[a-z0-9]", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();

    [GeneratedRegex(@"\.innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlSinks();

    [Fact]
    public async Task Console_WithoutTrailingSlash_RedirectsToTheFolder()
    {
        await using var stub = await StubAdminApi.StartAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = stub.Target.BaseAddress };

        using var response = await client.GetAsync("/console?x=1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console/?x=1", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/console/", "text/html")]
    [InlineData("/console/index.html", "text/html")]
    [InlineData("/console/app.js", "text/javascript")]
    [InlineData("/console/app.css", "text/css")]
    public async Task Files_ServedWithTypeNoCacheAndStrictPolicy(string path, string mediaType)
    {
        await using var stub = await StubAdminApi.StartAsync();
        using var client = new HttpClient { BaseAddress = stub.Target.BaseAddress };

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith("default-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameETag_304()
    {
        await using var stub = await StubAdminApi.StartAsync();
        using var client = new HttpClient { BaseAddress = stub.Target.BaseAddress };
        using var first = await client.GetAsync("/console/app.js");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/app.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Theory]
    [InlineData("/console/missing.js")]
    [InlineData("/console/App.js")]
    [InlineData("/console/wwwroot")]
    public async Task UnknownFile_404(string path)
    {
        await using var stub = await StubAdminApi.StartAsync();
        using var client = new HttpClient { BaseAddress = stub.Target.BaseAddress };

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Page_HasNoInlineScriptOrStyle_NoExternalResource_AndNoHtmlSink()
    {
        await using var stub = await StubAdminApi.StartAsync();
        using var client = new HttpClient { BaseAddress = stub.Target.BaseAddress };

        var html = await client.GetStringAsync("/console/");
        var script = await client.GetStringAsync("/console/app.js");
        var css = await client.GetStringAsync("/console/app.css");

        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(InlineStyleOrHandler(), html);
        Assert.DoesNotMatch(ExternalUrl(), html);
        Assert.DoesNotMatch(ExternalUrl(), css);
        Assert.DoesNotMatch(HtmlSinks(), script);
        Assert.Contains("content=\"/api/v1/admin\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnderAPathBase_PageCallsTheApiUnderIt()
    {
        var (app, address) = await LoopbackWebApp.StartAsync(_ => { }, web =>
        {
            web.UsePathBase("/tx");
            web.UseRouting();
            web.MapAdminConsole("/ops/console/");
        });
        await using var host = app;
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };

        using var redirect = await client.GetAsync("/tx/ops/console");
        var html = await client.GetStringAsync("/tx/ops/console/");

        Assert.Equal("/tx/ops/console/", redirect.Headers.Location?.OriginalString);
        Assert.Contains("content=\"/tx/api/v1/admin\"", html, StringComparison.Ordinal);
        await host.StopAsync();
    }
}
