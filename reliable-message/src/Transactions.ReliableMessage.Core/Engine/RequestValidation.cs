using Transactions.ReliableMessage.Errors;

namespace Transactions.ReliableMessage.Engine;

/// <summary>Input checks shared by the gRPC and HTTP/JSON APIs.</summary>
internal static class RequestValidation
{
    /// <summary>A topic or group name: 1..maxLength characters of [a-zA-Z0-9._-] (what Kafka allows).</summary>
    public static string Name(string? value, string field, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidMessageRequestException(field, "is required.");
        }

        if (value.Length > maxLength)
        {
            throw new InvalidMessageRequestException(field, $"is longer than {maxLength} characters.");
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                throw new InvalidMessageRequestException(field, "may only contain the characters a-z, A-Z, 0-9, '.', '_' and '-'.");
            }
        }

        return value;
    }

    /// <summary>Optional text: null when empty; at most maxLength characters.</summary>
    public static string? Optional(string? value, string field, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return value.Length > maxLength
            ? throw new InvalidMessageRequestException(field, $"is longer than {maxLength} characters.")
            : value;
    }

    /// <summary>Optional absolute http(s) URL: null when empty.</summary>
    public static string? Endpoint(string? value, string field)
    {
        var endpoint = Optional(value, field, RequestLimits.Endpoint);
        if (endpoint is null)
        {
            return null;
        }

        return Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? endpoint
            : throw new InvalidMessageRequestException(field, "must be an absolute http:// or https:// address.");
    }

    /// <summary>A message id: positive.</summary>
    public static long MessageId(long value, string field = "message_id") =>
        value > 0 ? value : throw new InvalidMessageRequestException(field, "must be a positive message id.");
}
