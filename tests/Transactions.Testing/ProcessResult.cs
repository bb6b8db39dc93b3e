namespace Transactions.Testing;

/// <summary>The exit code and output of a finished child process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
