using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Transactions.Common.Webhooks;

/// <summary>
/// The signature of every webhook the services send (best-effort notifications, operator alerts). The sender puts the
/// current time in <see cref="TimestampHeader"/> (Unix seconds, decimal ASCII) and
/// <c>sha256=&lt;lowercase hex of HMAC-SHA256(secret, timestamp + "." + body)&gt;</c> in <see cref="SignatureHeader"/>,
/// where the body is the exact request body bytes and the secret the UTF-8 bytes of the shared secret. The timestamp is
/// signed with the body, so a receiver that refuses timestamps older than a few minutes cannot be fed a replay.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header with the signature: <c>sha256=&lt;64 hex digits&gt;</c>.</summary>
    public const string SignatureHeader = "X-Transactions-Signature";

    /// <summary>The header with the signing time in Unix seconds (part of the signed content).</summary>
    public const string TimestampHeader = "X-Transactions-Timestamp";

    /// <summary>The prefix of the signature value (the algorithm).</summary>
    public const string Prefix = "sha256=";

    /// <summary>How far a receiver should let the timestamp be from its own clock by default: 5 minutes.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The <see cref="SignatureHeader"/> value for <paramref name="body"/> sent at <paramref name="timestampUnixSeconds"/>.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="timestampUnixSeconds">The value sent in <see cref="TimestampHeader"/>.</param>
    /// <param name="body">The exact body bytes.</param>
    /// <returns><c>sha256=</c> and 64 lowercase hex digits.</returns>
    public static string Sign(string secret, long timestampUnixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Prefix + Convert.ToHexStringLower(Mac(secret, timestampUnixSeconds.ToString(CultureInfo.InvariantCulture), body));
    }

    /// <summary>
    /// Whether <paramref name="signature"/> and <paramref name="timestamp"/> (the two header values as received) sign
    /// <paramref name="body"/> with <paramref name="secret"/>, and the timestamp is within <paramref name="tolerance"/> of
    /// <paramref name="now"/>. The comparison takes the same time whatever the signature is.
    /// </summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="timestamp">The <see cref="TimestampHeader"/> value.</param>
    /// <param name="signature">The <see cref="SignatureHeader"/> value.</param>
    /// <param name="body">The exact body bytes received.</param>
    /// <param name="now">The receiver's clock.</param>
    /// <param name="tolerance">How old (or how far ahead) the timestamp may be.</param>
    /// <returns>True when the call is authentic and fresh.</returns>
    public static bool Verify(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (timestamp is null || signature is null || !signature.StartsWith(Prefix, StringComparison.Ordinal)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }

        byte[] presented;
        try
        {
            presented = Convert.FromHexString(signature.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(presented, Mac(secret, timestamp, body));
    }

    private static byte[] Mac(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp));
        hmac.AppendData("."u8);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
