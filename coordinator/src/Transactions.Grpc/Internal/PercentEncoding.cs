using System.Text;

namespace Transactions.Grpc.Internal;

/// <summary>
/// The percent-encoding of <c>grpc-message</c>: UTF-8 bytes outside 0x20-0x7E, and '%', become <c>%XX</c>.
/// Decoding is lenient: malformed escapes are kept as they are, never an error.
/// </summary>
internal static class PercentEncoding
{
    public static string Encode(string value)
    {
        var needsEncoding = false;
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or '%')
            {
                needsEncoding = true;
                break;
            }
        }

        if (!needsEncoding)
        {
            return value;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            if (b is < 0x20 or > 0x7E or (byte)'%')
            {
                builder.Append('%').Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xF));
            }
            else
            {
                builder.Append((char)b);
            }
        }

        return builder.ToString();
    }

    public static string Decode(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && TryHex(value[i + 1], out var high) && TryHex(value[i + 2], out var low))
            {
                bytes.Add((byte)((high << 4) | low));
                i += 2;
            }
            else if (c <= 0x7F)
            {
                bytes.Add((byte)c);
            }
            else
            {
                // Not valid on the wire; keep the character rather than fail.
                var charCount = char.IsSurrogatePair(value, i) ? 2 : 1;
                var count = Encoding.UTF8.GetBytes(value.AsSpan(i, charCount), utf8);
                for (var j = 0; j < count; j++)
                {
                    bytes.Add(utf8[j]);
                }

                i += charCount - 1;
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + (value - 10));

    private static bool TryHex(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'A' and <= 'F' => c - 'A' + 10,
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
