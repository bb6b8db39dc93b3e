using System.Collections;
using Transactions.Grpc.Internal;

namespace Transactions.Grpc;

/// <summary>
/// gRPC metadata: an ordered list of key/value entries sent as HTTP/2 headers or trailers.
/// </summary>
/// <remarks>
/// Keys are case-insensitive and stored (and sent) lower-cased; they may contain only
/// <c>0-9 a-z _ - .</c>. Keys ending in <c>-bin</c> are binary entries whose values travel as base64:
/// add them with <see cref="Add(string, byte[])"/> (or with base64 text) and read them with
/// <see cref="GetValueBytes(string)"/>. Ordinary values must be printable ASCII (0x20-0x7E).
/// Not thread-safe.
/// </remarks>
public sealed class Metadata : IEnumerable<MetadataEntry>
{
    /// <summary>The suffix that marks a binary key.</summary>
    public const string BinaryHeaderSuffix = "-bin";

    /// <summary>An empty, read-only instance.</summary>
    public static readonly Metadata Empty = new(readOnly: true);

    private readonly bool _readOnly;
    private List<MetadataEntry>? _entries;

    /// <summary>Creates an empty, writable instance.</summary>
    public Metadata()
    {
    }

    private Metadata(bool readOnly) => _readOnly = readOnly;

    /// <summary>The number of entries.</summary>
    public int Count => _entries?.Count ?? 0;

    /// <summary>True for <see cref="Empty"/>, which cannot be changed.</summary>
    public bool IsReadOnly => _readOnly;

    /// <summary>Adds an entry.</summary>
    /// <param name="key">The key (case-insensitive; stored lower-cased).</param>
    /// <param name="value">Printable ASCII; for a <c>-bin</c> key, the base64 text of the bytes.</param>
    /// <exception cref="ArgumentException">The key or value is not valid gRPC metadata.</exception>
    /// <exception cref="InvalidOperationException">The instance is read-only.</exception>
    public void Add(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var normalized = NormalizeKey(key);
        if (normalized.EndsWith(BinaryHeaderSuffix, StringComparison.Ordinal))
        {
            if (!Base64Header.IsValid(value))
            {
                throw new ArgumentException($"The value of binary metadata key '{normalized}' must be base64 text; use Add(string, byte[]) to add raw bytes.", nameof(value));
            }
        }
        else
        {
            foreach (var c in value)
            {
                if (c is < ' ' or > '~')
                {
                    throw new ArgumentException($"The value of metadata key '{normalized}' contains a character outside printable ASCII (0x20-0x7E); use a '-bin' key for other data.", nameof(value));
                }
            }
        }

        AddUnchecked(normalized, value);
    }

    /// <summary>Adds a binary entry; its value is sent base64-encoded (unpadded).</summary>
    /// <param name="key">The key; must end with <c>-bin</c>.</param>
    /// <param name="value">The bytes.</param>
    /// <exception cref="ArgumentException">The key is not a valid binary key.</exception>
    /// <exception cref="InvalidOperationException">The instance is read-only.</exception>
    public void Add(string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var normalized = NormalizeKey(key);
        if (!normalized.EndsWith(BinaryHeaderSuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Binary metadata keys must end with '{BinaryHeaderSuffix}': '{normalized}'.", nameof(key));
        }

        AddUnchecked(normalized, Base64Header.Encode(value));
    }

    /// <summary>The value of the last entry with <paramref name="key"/>, or null when there is none.</summary>
    /// <param name="key">The key (case-insensitive).</param>
    /// <returns>The value (base64 text for binary keys), or null.</returns>
    public string? GetValue(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_entries is null)
        {
            return null;
        }

        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i].Value;
            }
        }

        return null;
    }

    /// <summary>The decoded bytes of the last entry with <paramref name="key"/>, or null when there is none.</summary>
    /// <param name="key">The key (case-insensitive).</param>
    /// <returns>Base64-decoded bytes for binary keys, UTF-8 bytes otherwise; or null.</returns>
    /// <exception cref="FormatException">A binary value is not valid base64.</exception>
    public byte[]? GetValueBytes(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_entries is null)
        {
            return null;
        }

        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i].GetValueBytes();
            }
        }

        return null;
    }

    /// <summary>All entries with <paramref name="key"/>, in order.</summary>
    /// <param name="key">The key (case-insensitive).</param>
    /// <returns>The matching entries; empty when there is none.</returns>
    public IReadOnlyList<MetadataEntry> GetAll(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_entries is null)
        {
            return [];
        }

        return _entries.FindAll(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Removes every entry with <paramref name="key"/>.</summary>
    /// <param name="key">The key (case-insensitive).</param>
    /// <returns>The number of entries removed.</returns>
    /// <exception cref="InvalidOperationException">The instance is read-only.</exception>
    public int Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfReadOnly();
        return _entries?.RemoveAll(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase)) ?? 0;
    }

    /// <inheritdoc />
    public IEnumerator<MetadataEntry> GetEnumerator() =>
        (_entries ?? (IEnumerable<MetadataEntry>)[]).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Adds an entry received from the wire: the key is already lower-case and values are kept as received
    /// (the spec forbids failing a call over an unusual header value).
    /// </summary>
    internal void AddUnchecked(string key, string value)
    {
        ThrowIfReadOnly();
        (_entries ??= new List<MetadataEntry>(4)).Add(new MetadataEntry(key, value));
    }

    private static string NormalizeKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var lower = key.ToLowerInvariant();
        foreach (var c in lower)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'z') or '_' or '-' or '.'))
            {
                throw new ArgumentException($"Metadata key '{key}' contains '{c}'; keys may contain only 0-9 a-z _ - .", nameof(key));
            }
        }

        return lower;
    }

    private void ThrowIfReadOnly()
    {
        if (_readOnly)
        {
            throw new InvalidOperationException("This Metadata instance is read-only.");
        }
    }
}
