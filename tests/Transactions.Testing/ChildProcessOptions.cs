using System.Diagnostics;

namespace Transactions.Testing;

/// <summary>What a <see cref="ChildProcess"/> starts, and how it knows the process is ready.</summary>
public sealed record ChildProcessOptions
{
    /// <summary>A short name for messages and logs, e.g. <c>coordinator</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The program, e.g. <c>dotnet</c> or <c>bash</c>.</summary>
    public required string FileName { get; init; }

    /// <summary>Its arguments.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Its working directory; this process's when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Environment variables set on top of this process's (configuration keys with <c>__</c>, ...).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>When the process counts as started.</summary>
    public required ReadyWhen Ready { get; init; }

    /// <summary>How long a start may take before the process is killed and the start fails.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often <see cref="Ready"/> is checked during a start.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A file every output line is appended to (kept across restarts), or null.</summary>
    public string? LogFile { get; init; }

    /// <summary>How many of the last output lines <see cref="ChildProcess.Output"/> keeps.</summary>
    public int MaxOutputLines { get; init; } = 50_000;

    /// <summary>
    /// A built ASP.NET Core host (<c>dotnet {assembly}</c>, run in the assembly's folder) in the Production
    /// environment with <paramref name="settings"/> (environment variables, which may override the environment),
    /// ready when <paramref name="health"/> answers 2xx.
    /// </summary>
    /// <param name="name">The short name.</param>
    /// <param name="assemblyPath">The host's built assembly.</param>
    /// <param name="settings">Its settings as environment variables.</param>
    /// <param name="health">Its health URL.</param>
    /// <returns>The options.</returns>
    public static ChildProcessOptions ForHost(string name, string assemblyPath, IReadOnlyDictionary<string, string> settings, Uri health)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return new ChildProcessOptions
        {
            Name = name,
            FileName = "dotnet",
            Arguments = [assemblyPath],
            WorkingDirectory = Path.GetDirectoryName(assemblyPath),
            Environment = environment,
            Ready = ReadyWhen.HttpAnswers(health),
        };
    }

    /// <summary>A start of <paramref name="fileName"/> with standard output and error redirected.</summary>
    internal static ProcessStartInfo CreateStartInfo(
        string fileName, IEnumerable<string> arguments, string? workingDirectory, IEnumerable<KeyValuePair<string, string>>? environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? string.Empty,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? [])
        {
            info.Environment[key] = value;
        }

        return info;
    }

    /// <summary>The start described by these options.</summary>
    internal ProcessStartInfo CreateStartInfo() => CreateStartInfo(FileName, Arguments, WorkingDirectory, Environment);
}
