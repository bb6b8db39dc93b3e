using Microsoft.Extensions.Options;

namespace Transactions.Admin.Security;

/// <summary>The configured keys' digests, decoded once; matches a presented key in constant time per key.</summary>
internal sealed class AdminKeyRing
{
    private readonly (AdminApiKey Key, byte[] Digest)[] _keys;

    public AdminKeyRing(IOptions<AdminSecurityOptions> options)
    {
        _keys = options.Value.ApiKeys.Select(k => (k, ApiKeyHash.Digest(k.Hash))).ToArray();
    }

    public bool IsEmpty => _keys.Length == 0;

    /// <summary>The key whose hash matches <paramref name="presented"/>, or null. Compares with every key, always.</summary>
    public AdminApiKey? Match(string presented) => ApiKeyHash.FindMatch(presented, _keys);
}
