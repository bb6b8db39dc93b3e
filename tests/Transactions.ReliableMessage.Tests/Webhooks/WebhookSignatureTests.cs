using System.Security.Cryptography;
using System.Text;
using Transactions.Common.Webhooks;

namespace Transactions.ReliableMessage.Tests.Webhooks;

/// <summary>The webhook signature scheme (Transactions.Common.Webhooks), as the README documents it for receivers.</summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec-0123456789abcdef";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"order\":\"o-1\",\"paid\":true}");

    [Fact]
    public void Sign_IsHmacSha256OfTimestampDotBody_AsLowercaseHex()
    {
        var expected = "sha256=" + Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes("1800000000." + "{\"order\":\"o-1\",\"paid\":true}")));

        var sut = WebhookSignature.Sign(Secret, 1_800_000_000, Body);

        Assert.Equal(expected, sut);
    }

    [Fact]
    public void Verify_TheSignatureItMade_IsValid()
    {
        var signature = WebhookSignature.Sign(Secret, Now.ToUnixTimeSeconds(), Body);

        Assert.True(WebhookSignature.Verify(Secret, "1800000000", signature, Body, Now.AddSeconds(30), WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void Verify_ChangedBodyTimestampOrSecret_IsInvalid()
    {
        var signature = WebhookSignature.Sign(Secret, Now.ToUnixTimeSeconds(), Body);
        var changed = Body.ToArray();
        changed[^2] = (byte)'f';

        Assert.False(WebhookSignature.Verify(Secret, "1800000000", signature, changed, Now, WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify(Secret, "1800000001", signature, Body, Now, WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify("another-secret-0123456789", "1800000000", signature, Body, Now, WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void Verify_AReplayOlderThanTheTolerance_IsInvalid()
    {
        var signature = WebhookSignature.Sign(Secret, Now.ToUnixTimeSeconds(), Body);

        Assert.False(WebhookSignature.Verify(Secret, "1800000000", signature, Body, Now.AddMinutes(6), WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void ReadmeReceiverCheck_AcceptsTheServicesSignature_AndRefusesAChangedBody()
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = WebhookSignature.Sign(Secret, timestamp, Body);

        Assert.True(Authentic(Secret, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), signature, Body));
        Assert.False(Authentic(Secret, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), signature, [.. Body, 32]));
        Assert.False(Authentic(Secret, (timestamp - 600).ToString(System.Globalization.CultureInfo.InvariantCulture), WebhookSignature.Sign(Secret, timestamp - 600, Body), Body));
    }

    [Theory]
    [InlineData(null, "sha256=00")]
    [InlineData("1800000000", null)]
    [InlineData("1800000000", "md5=00")]
    [InlineData("1800000000", "sha256=not-hex")]
    [InlineData("-1800000000", "sha256=00")]
    [InlineData("18e8", "sha256=00")]
    public void Verify_MalformedHeaders_IsInvalidWithoutThrowing(string? timestamp, string? signature)
    {
        Assert.False(WebhookSignature.Verify(Secret, timestamp, signature, Body, Now, WebhookSignature.DefaultTolerance));
    }

    // The receiver's check as reliable-message/README.md shows it (no dependency on this repository).
    // begin-snippet: verify-notification-signature
    // body: the raw request body bytes, before any JSON parsing
    private static bool Authentic(string secret, string? timestamp, string? signature, byte[] body)
    {
        if (timestamp is null || signature is null || !signature.StartsWith("sha256=", StringComparison.Ordinal)
            || !long.TryParse(timestamp, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300) // refuse replays older than 5 minutes
        {
            return false;
        }

        var signed = Encoding.ASCII.GetBytes(timestamp + ".").Concat(body).ToArray();
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        var presented = new byte[32];
        return signature.Length == 71
            && Convert.FromHexString(signature.AsSpan(7), presented, out _, out _) == System.Buffers.OperationStatus.Done
            && CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    // end-snippet
}
