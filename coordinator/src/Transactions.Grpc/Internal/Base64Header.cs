namespace Transactions.Grpc.Internal;

/// <summary>Base64 for binary (<c>-bin</c>) metadata: emits unpadded, accepts padded and unpadded.</summary>
internal static class Base64Header
{
    public static string Encode(byte[] value) => Convert.ToBase64String(value).TrimEnd('=');

    public static bool IsValid(string value)
    {
        try
        {
            _ = Decode(value);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static byte[] Decode(string value)
    {
        var trimmed = value.AsSpan().Trim();
        var padding = (4 - (trimmed.Length % 4)) % 4;
        if (padding == 3)
        {
            throw new FormatException("The base64 text has an impossible length.");
        }

        if (padding == 0)
        {
            return Convert.FromBase64String(trimmed.ToString());
        }

        var padded = string.Create(trimmed.Length + padding, value, static (span, source) =>
        {
            var t = source.AsSpan().Trim();
            t.CopyTo(span);
            span[t.Length..].Fill('=');
        });
        return Convert.FromBase64String(padded);
    }
}
