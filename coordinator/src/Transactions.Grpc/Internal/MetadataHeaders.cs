using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace Transactions.Grpc.Internal;

/// <summary>Converts between <see cref="Metadata"/> and HTTP headers, skipping protocol and transport headers.</summary>
internal static class MetadataHeaders
{
    /// <summary>True for headers that belong to HTTP or to the gRPC protocol itself, never to custom metadata.</summary>
    public static bool IsReserved(string key) =>
        key.Length == 0
        || key[0] == ':'
        || key.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || key.Equals("content-length", StringComparison.OrdinalIgnoreCase)
        || key.Equals("te", StringComparison.OrdinalIgnoreCase)
        || key.Equals("host", StringComparison.OrdinalIgnoreCase)
        || key.Equals("connection", StringComparison.OrdinalIgnoreCase)
        || key.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)
        || key.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase)
        || key.Equals("upgrade", StringComparison.OrdinalIgnoreCase)
        || key.Equals("accept-encoding", StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcProtocolConstants.TimeoutHeader, StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcProtocolConstants.EncodingHeader, StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcProtocolConstants.AcceptEncodingHeader, StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcProtocolConstants.StatusHeader, StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcProtocolConstants.MessageHeader, StringComparison.OrdinalIgnoreCase);

    /// <summary>Request headers received by the server.</summary>
    public static Metadata FromRequest(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var header in headers)
        {
            if (IsReserved(header.Key))
            {
                continue;
            }

            var key = header.Key.ToLowerInvariant();
            foreach (var value in header.Value)
            {
                AddReceived(metadata, key, value);
            }
        }

        return metadata;
    }

    /// <summary>Response headers or trailers received by the client (HTTP's own date and server excluded).</summary>
    public static Metadata FromResponse(HttpHeaders headers)
    {
        var metadata = new Metadata();
        foreach (var header in headers.NonValidated)
        {
            if (IsReserved(header.Key)
                || header.Key.Equals("date", StringComparison.OrdinalIgnoreCase)
                || header.Key.Equals("server", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var key = header.Key.ToLowerInvariant();
            foreach (var value in header.Value)
            {
                AddReceived(metadata, key, value);
            }
        }

        return metadata;
    }

    /// <summary>The status in <paramref name="headers"/> (trailers, or headers of a trailers-only response), if any.</summary>
    public static Status? TryGetStatus(HttpHeaders headers)
    {
        if (!headers.NonValidated.TryGetValues(GrpcProtocolConstants.StatusHeader, out var statusValues))
        {
            return null;
        }

        var code = HttpStatusMapping.ParseStatusCode(First(statusValues));
        var detail = headers.NonValidated.TryGetValues(GrpcProtocolConstants.MessageHeader, out var messageValues)
            ? PercentEncoding.Decode(First(messageValues) ?? string.Empty)
            : string.Empty;
        return new Status(code, detail);
    }

    /// <summary>Sets the status and custom metadata as response headers (a trailers-only response).</summary>
    public static void WriteTrailersOnly(IHeaderDictionary headers, Status status, Metadata? first, Metadata? second)
    {
        headers[GrpcProtocolConstants.StatusHeader] = StatusCodeText(status.StatusCode);
        if (!string.IsNullOrEmpty(status.Detail))
        {
            headers[GrpcProtocolConstants.MessageHeader] = PercentEncoding.Encode(status.Detail);
        }

        if (first is { Count: > 0 })
        {
            foreach (var entry in first)
            {
                if (!IsReserved(entry.Key))
                {
                    headers.Append(entry.Key, entry.Value);
                }
            }
        }

        if (second is { Count: > 0 })
        {
            foreach (var entry in second)
            {
                if (!IsReserved(entry.Key))
                {
                    headers.Append(entry.Key, entry.Value);
                }
            }
        }
    }

    /// <summary>Appends the status and custom metadata as HTTP/2 trailers.</summary>
    public static void WriteTrailers(HttpResponse response, Status status, Metadata? first, Metadata? second)
    {
        response.AppendTrailer(GrpcProtocolConstants.StatusHeader, StatusCodeText(status.StatusCode));
        if (!string.IsNullOrEmpty(status.Detail))
        {
            response.AppendTrailer(GrpcProtocolConstants.MessageHeader, PercentEncoding.Encode(status.Detail));
        }

        if (first is { Count: > 0 })
        {
            foreach (var entry in first)
            {
                if (!IsReserved(entry.Key))
                {
                    response.AppendTrailer(entry.Key, entry.Value);
                }
            }
        }

        if (second is { Count: > 0 })
        {
            foreach (var entry in second)
            {
                if (!IsReserved(entry.Key))
                {
                    response.AppendTrailer(entry.Key, entry.Value);
                }
            }
        }
    }

    /// <summary>Adds custom metadata to an outgoing request; returns true when it set a user-agent.</summary>
    public static bool AddToRequest(HttpRequestHeaders headers, Metadata metadata)
    {
        var userAgent = false;
        foreach (var entry in metadata)
        {
            if (IsReserved(entry.Key))
            {
                continue;
            }

            userAgent |= entry.Key.Equals(GrpcProtocolConstants.UserAgentHeader, StringComparison.Ordinal);
            headers.TryAddWithoutValidation(entry.Key, entry.Value);
        }

        return userAgent;
    }

    private static void AddReceived(Metadata metadata, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (key.EndsWith(Metadata.BinaryHeaderSuffix, StringComparison.Ordinal) && value.Contains(',', StringComparison.Ordinal))
        {
            // Binary values joined by an intermediary: split before decoding (PROTOCOL-HTTP2.md).
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                metadata.AddUnchecked(key, part);
            }

            return;
        }

        metadata.AddUnchecked(key, value);
    }

    private static string? First(HeaderStringValues values)
    {
        foreach (var value in values)
        {
            return value;
        }

        return null;
    }

    private static string StatusCodeText(StatusCode code) => code switch
    {
        StatusCode.OK => "0",
        _ => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
