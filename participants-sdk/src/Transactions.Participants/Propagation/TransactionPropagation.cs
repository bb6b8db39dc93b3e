using System.Globalization;

namespace Transactions.Participants;

/// <summary>
/// The wire format of XID propagation, for every language: one header (HTTP) / metadata entry (gRPC)
/// named <c>tx-xid</c> whose value is the global transaction id in decimal ASCII digits, e.g.
/// <c>tx-xid: 7318624418365603841</c>. A service that receives it takes part in that transaction; a
/// service that calls another one while in a transaction sends it.
/// </summary>
public static class TransactionPropagation
{
    /// <summary>The header / metadata key: <c>tx-xid</c> (lower case, valid in HTTP/1.1, HTTP/2 and gRPC metadata).</summary>
    public const string XidHeader = "tx-xid";

    /// <summary>Formats an XID as the header value (decimal, invariant culture).</summary>
    /// <param name="xid">The global transaction id.</param>
    /// <returns>The header value.</returns>
    public static string Format(long xid) => xid.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a header value: a positive decimal 64-bit integer, surrounding spaces allowed.</summary>
    /// <param name="value">The header value.</param>
    /// <param name="xid">The XID when the value is valid.</param>
    /// <returns>Whether the value is a valid XID.</returns>
    public static bool TryParse(string? value, out long xid)
    {
        if (long.TryParse(value, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out xid) && xid > 0)
        {
            return true;
        }

        xid = 0;
        return false;
    }
}
