namespace Transactions.Testing;

/// <summary>The built assemblies of the repository's projects, in the configuration (Debug or Release) of the calling program.</summary>
public static class BuiltAssembly
{
    /// <summary>
    /// The assembly of the project in <paramref name="projectDirectory"/> (relative to the repository root; the
    /// assembly is named like the folder), from the same configuration and target framework as this program.
    /// </summary>
    /// <param name="projectDirectory">E.g. <c>coordinator/src/Transactions.Coordinator</c>.</param>
    /// <param name="buildCommandTarget">What to build when it is missing (named in the error).</param>
    /// <returns>The assembly path.</returns>
    /// <exception cref="FileNotFoundException">It is not built.</exception>
    public static string Locate(string projectDirectory, string buildCommandTarget = "Transactions.sln")
    {
        // This program is in .../bin/{Configuration}/{framework}/ (a test, a benchmark or the demo).
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var assembly = Path.GetFileName(projectDirectory.TrimEnd('/'));
        var path = Path.Combine(TestEnvironment.RepoRoot, projectDirectory, "bin", configuration, framework.Name, assembly + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{assembly} is not built ({configuration}): run `dotnet build {buildCommandTarget} -c {configuration}` first.", path);
    }
}
