namespace Transactions.Grpc.Tests.Infrastructure;

/// <summary>Paths inside the repository, found by walking up from the test binaries to Transactions.sln.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string EchoProtoRoot => Path.Combine(Root, "tests", "Transactions.Grpc.Tests", "Protos");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Transactions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Transactions.sln not found in {AppContext.BaseDirectory} or any parent directory.");
    }
}
