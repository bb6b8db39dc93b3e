namespace Transactions.Grpc;

/// <summary>
/// One metadata entry (a gRPC custom header or trailer).
/// </summary>
/// <param name="Key">The lower-case key. Keys ending in <c>-bin</c> are binary entries.</param>
/// <param name="Value">
/// The value: printable ASCII for ordinary entries; for binary (<c>-bin</c>) entries the base64 text of the
/// bytes, exactly as on the wire (use <see cref="GetValueBytes"/> to decode it).
/// </param>
public sealed record MetadataEntry(string Key, string Value)
{
    /// <summary>True when the key ends with <c>-bin</c>: the value is base64 on the wire.</summary>
    public bool IsBinary => Key.EndsWith(Metadata.BinaryHeaderSuffix, StringComparison.Ordinal);

    /// <summary>
    /// The value as bytes: base64-decoded (padded or unpadded) for binary entries, UTF-8 otherwise.
    /// </summary>
    /// <returns>The decoded bytes.</returns>
    /// <exception cref="FormatException">A binary entry's value is not valid base64.</exception>
    public byte[] GetValueBytes() => IsBinary
        ? Internal.Base64Header.Decode(Value)
        : System.Text.Encoding.UTF8.GetBytes(Value);
}
