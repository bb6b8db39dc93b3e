namespace Transactions.Console.BrowserTests.Infrastructure;

/// <summary>
/// What a console scenario runs against: the server's root address (the console is at <c>{BaseAddress}console/</c>,
/// the API at <c>{BaseAddress}api/v1/admin</c>) and its keys. The stub API of these tests is one; a real coordinator
/// started with admin keys is another.
/// </summary>
/// <param name="BaseAddress">The server's root, e.g. <c>http://127.0.0.1:5123/</c>.</param>
/// <param name="OperatorKey">A key with the Operator role.</param>
/// <param name="ReadOnlyKey">A key with the ReadOnly role.</param>
public sealed record ConsoleTarget(Uri BaseAddress, string OperatorKey, string ReadOnlyKey)
{
    /// <summary>The console's address.</summary>
    public Uri ConsoleAddress(string consolePath = "console/") => new(BaseAddress, consolePath);
}
