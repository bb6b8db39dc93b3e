using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Transactions.Admin.Security;
using Transactions.Common.Audit;

namespace Transactions.Admin.Tests;

public sealed class ApiKeyAuthenticationTests
{
    private static HttpRequestMessage Request(HttpMethod method, string path, string? key = null, string? authorization = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task Read_WithoutKey_401SayingWhereTheKeyGoes()
    {
        await using var server = await SecuredServer.StartAsync();

        using var response = await server.Client.SendAsync(Request(HttpMethod.Get, "/read"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("X-Api-Key", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Equal("ApiKey header=\"X-Api-Key\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("not-a-configured-key-at-all")]
    [InlineData("viewer-key-012345678")]   // one character short of a real key
    [InlineData("sha256:0000")]
    public async Task Read_UnknownKey_401WithoutSayingWhichKeysExist(string key)
    {
        await using var server = await SecuredServer.StartAsync();

        using var response = await server.Client.SendAsync(Request(HttpMethod.Get, "/read", key));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("The API key is not valid.", await DetailAsync(response));
    }

    [Fact]
    public async Task Read_HugeKey_401()
    {
        await using var server = await SecuredServer.StartAsync();

        using var response = await server.Client.SendAsync(Request(HttpMethod.Get, "/read", new string('k', 4000)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Read_ReadOnlyKey_AllowedAndNamed()
    {
        await using var server = await SecuredServer.StartAsync();

        using var response = await server.Client.SendAsync(Request(HttpMethod.Get, "/read", SecuredServer.ViewerKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("read by viewer", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Act_ReadOnlyKey_403NamingTheKeyAndTheRoleNeeded()
    {
        await using var server = await SecuredServer.StartAsync();

        using var response = await server.Client.SendAsync(Request(HttpMethod.Post, "/act", SecuredServer.ViewerKey));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("The API key 'viewer' has the ReadOnly role; this needs the Operator role.", await DetailAsync(response));
    }

    [Fact]
    public async Task Act_ReadOnlyKey_RefusalWrittenToTheAuditLog()
    {
        var audit = new RecordingAuditLog();
        await using var server = await SecuredServer.StartAsync(services: s => s.AddSingleton<IAuditLog>(audit));

        using var refused = await server.Client.SendAsync(Request(HttpMethod.Post, "/act", SecuredServer.ViewerKey));
        using var allowed = await server.Client.SendAsync(Request(HttpMethod.Post, "/act", SecuredServer.OperatorKey));
        using var anonymous = await server.Client.SendAsync(Request(HttpMethod.Post, "/act", key: null));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Unauthorized), (refused.StatusCode, allowed.StatusCode, anonymous.StatusCode));
        var record = Assert.Single(audit.Records);
        Assert.Equal(("viewer", "act", "/act", string.Empty), (record.Actor, record.Action, record.Target, record.Reason));
        Assert.Equal("refused: forbidden: The API key 'viewer' has the ReadOnly role; this needs the Operator role.", record.Outcome);
    }

    [Fact]
    public async Task Act_ReadOnlyKey_AuditLogFailing_Still403()
    {
        await using var server = await SecuredServer.StartAsync(services: s => s.AddSingleton<IAuditLog>(new RecordingAuditLog { Fail = true }));

        using var response = await server.Client.SendAsync(Request(HttpMethod.Post, "/act", SecuredServer.ViewerKey));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("The API key 'viewer' has the ReadOnly role; this needs the Operator role.", await DetailAsync(response));
    }

    [Fact]
    public async Task Act_OperatorKey_Allowed()
    {
        await using var server = await SecuredServer.StartAsync();

        using var response = await server.Client.SendAsync(Request(HttpMethod.Post, "/act", SecuredServer.OperatorKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("acted by alice", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Act_OperatorKeyInAuthorizationHeader_Allowed()
    {
        await using var server = await SecuredServer.StartAsync();

        using var response = await server.Client.SendAsync(
            Request(HttpMethod.Post, "/act", authorization: "ApiKey " + SecuredServer.OperatorKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Read_NoKeysConfigured_401SayingTheApiIsClosed()
    {
        await using var server = await SecuredServer.StartAsync(_ => { });

        using var response = await server.Client.SendAsync(Request(HttpMethod.Get, "/read", SecuredServer.OperatorKey));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("no API key is configured", await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadKeyConfiguration_FailsNamingEveryProblem()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => SecuredServer.StartAsync(options =>
        {
            options.ApiKeys.Add(new AdminApiKey { Name = "alice", Hash = ApiKeyHash.Compute(SecuredServer.OperatorKey) });
            options.ApiKeys.Add(new AdminApiKey { Name = "ALICE", Hash = "plain-text-key-by-mistake" });
            options.ApiKeys.Add(new AdminApiKey { Name = "", Hash = ApiKeyHash.Compute(SecuredServer.OperatorKey) });
            options.ApiKeys.Add(new AdminApiKey { Name = "bob", Hash = ApiKeyHash.Compute(SecuredServer.ViewerKey), Role = (AdminRole)7 });
        }));

        Assert.Contains("Admin:ApiKeys:1:Name 'ALICE' is used by another key.", ex.Failures);
        Assert.Contains(ex.Failures, f => f.StartsWith("Admin:ApiKeys:1:Hash must be 'sha256:'", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Admin:ApiKeys:2:Name is required", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Admin:ApiKeys:2:Hash is the same as another key's", StringComparison.Ordinal));
        Assert.Contains("Admin:ApiKeys:3:Role must be ReadOnly or Operator.", ex.Failures);
    }

    [Fact]
    public async Task AdminBody_DeclaredOverTheLimit_413WithoutReadingIt()
    {
        await using var server = await SecuredServer.StartAsync(o => { SecuredServer.DefaultKeys(o); o.MaxRequestBodyBytes = 2048; });

        using var small = await server.Client.PostAsync("/api/v1/admin/echo", new StringContent(new string('a', 1000)));
        using var large = await server.Client.PostAsync("/api/v1/admin/echo", new StringContent(new string('a', 5000)));

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal("read 1000 characters", await small.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Contains("at most 2048 bytes", await DetailAsync(large), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminBody_StreamedPastTheLimit_413()
    {
        await using var server = await SecuredServer.StartAsync(o => { SecuredServer.DefaultKeys(o); o.MaxRequestBodyBytes = 2048; });
        using var content = new StreamContent(new MemoryStream(new byte[10_000]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/echo") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
