using System.Security.Cryptography;

namespace Transactions.Coordinator.AdminConsole.Internal;

/// <summary>One static file of the console, loaded from the assembly's resources.</summary>
internal sealed class ConsoleAsset
{
    public ConsoleAsset(string name, string contentType, byte[] content)
    {
        Name = name;
        ContentType = contentType;
        Content = content;
        ETag = ComputeETag(content);
    }

    /// <summary>The file name, e.g. <c>app.js</c>.</summary>
    public string Name { get; }

    /// <summary>The Content-Type header value.</summary>
    public string ContentType { get; }

    /// <summary>The bytes served.</summary>
    public byte[] Content { get; }

    /// <summary>A strong entity tag of <see cref="Content"/>.</summary>
    public string ETag { get; }

    /// <summary>A strong entity tag of some content: a quoted prefix of its SHA-256.</summary>
    public static string ComputeETag(byte[] content) => "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16)) + "\"";
}
