using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Transactions.Admin.Security;

/// <summary>Hashes of API keys as stored in configuration: <c>sha256:&lt;64 lowercase hex digits&gt;</c>.</summary>
/// <remarks>
/// A plain SHA-256 is enough here because admin keys are long random strings (not passwords people choose); the
/// comparison is constant-time so response times say nothing about how close a guess was.
/// </remarks>
public static class ApiKeyHash
{
    /// <summary>The prefix of every stored hash.</summary>
    public const string Prefix = "sha256:";

    /// <summary>The shortest key accepted by <see cref="Compute"/>: shorter keys are guessable.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>The stored form of <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">The key is shorter than <see cref="MinimumKeyLength"/> characters.</exception>
    public static string Compute(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinimumKeyLength)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"An API key must have at least {MinimumKeyLength} characters."), nameof(key));
        }

        return Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>Whether <paramref name="hash"/> has the stored form (prefix and 64 hex digits).</summary>
    public static bool IsWellFormed(string? hash) =>
        hash is not null
        && hash.StartsWith(Prefix, StringComparison.Ordinal)
        && hash.Length == Prefix.Length + 64
        && hash.AsSpan(Prefix.Length).ContainsAnyExcept("0123456789abcdefABCDEF") is false;

    /// <summary>The raw digest of a well-formed stored hash (see <see cref="IsWellFormed"/>), decoded once at start.</summary>
    /// <param name="wellFormedHash">A stored hash.</param>
    /// <returns>The 32-byte digest.</returns>
    public static byte[] Digest(string wellFormedHash) => Convert.FromHexString(wellFormedHash.AsSpan(Prefix.Length));

    /// <summary>The digest of a presented key, to compare with <see cref="Digest"/> in constant time.</summary>
    internal static byte[] DigestOfKey(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>
    /// The candidate whose stored digest matches <paramref name="presentedKey"/>, or null. Compares with every
    /// candidate, always, each in constant time, so response times say nothing about which key was close.
    /// </summary>
    /// <typeparam name="T">What a key stands for (an admin key, an application).</typeparam>
    /// <param name="presentedKey">The key the caller sent.</param>
    /// <param name="candidates">The configured items with their <see cref="Digest"/>.</param>
    /// <returns>The matching item, or null.</returns>
    public static T? FindMatch<T>(string presentedKey, IReadOnlyList<(T Item, byte[] Digest)> candidates)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(presentedKey);
        ArgumentNullException.ThrowIfNull(candidates);
        var digest = DigestOfKey(presentedKey);
        T? match = null;
        foreach (var (item, stored) in candidates)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, stored))
            {
                match = item;
            }
        }

        return match;
    }
}
