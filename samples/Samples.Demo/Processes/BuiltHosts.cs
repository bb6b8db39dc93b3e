namespace Samples.Demo.Processes;

/// <summary>Where the built host assemblies are: next to this one's build configuration (Debug or Release).</summary>
public static class BuiltHosts
{
    /// <summary>The repository root: the first parent folder holding <c>Transactions.sln</c>.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Transactions.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"Transactions.sln not found above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The coordinator host.</summary>
    public static string Coordinator => Locate("coordinator/src/Transactions.Coordinator", "Transactions.Coordinator");

    /// <summary>The reliable-message service host.</summary>
    public static string ReliableMessage => Locate("reliable-message/src/Transactions.ReliableMessage.Service", "Transactions.ReliableMessage.Service");

    /// <summary>A sample service, e.g. <c>Samples.Order</c>.</summary>
    /// <param name="project">The project name.</param>
    /// <returns>The assembly path.</returns>
    public static string Sample(string project) => Locate($"samples/{project}", project);

    private static string Locate(string projectDirectory, string assembly)
    {
        // This assembly is in .../bin/{Configuration}/net10.0/ (of the demo or of a test project).
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var path = Path.Combine(RepoRoot, projectDirectory, "bin", configuration, framework.Name, assembly + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{assembly} is not built ({configuration}): run `dotnet build samples/Samples.Demo -c {configuration}` first.", path);
    }
}
