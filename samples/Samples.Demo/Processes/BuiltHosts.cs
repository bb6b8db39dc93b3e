using Transactions.Testing;

namespace Samples.Demo.Processes;

/// <summary>Where the built host assemblies are: next to this one's build configuration (Debug or Release).</summary>
public static class BuiltHosts
{
    /// <summary>The coordinator host.</summary>
    public static string Coordinator => Locate("coordinator/src/Transactions.Coordinator");

    /// <summary>The reliable-message service host.</summary>
    public static string ReliableMessage => Locate("reliable-message/src/Transactions.ReliableMessage.Service");

    /// <summary>A sample service, e.g. <c>Samples.Order</c>.</summary>
    /// <param name="project">The project name.</param>
    /// <returns>The assembly path.</returns>
    public static string Sample(string project) => Locate($"samples/{project}");

    private static string Locate(string projectDirectory) => BuiltAssembly.Locate(projectDirectory, "samples/Samples.Demo");
}
