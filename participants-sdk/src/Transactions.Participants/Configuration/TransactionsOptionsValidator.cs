using Microsoft.Extensions.Options;
using Transactions.Participants.Interception;

namespace Transactions.Participants.Configuration;

/// <summary>Validates <see cref="TransactionsOptions"/> (run when the host starts).</summary>
internal sealed class TransactionsOptionsValidator(TransactionalRegistry registry) : IValidateOptions<TransactionsOptions>
{
    public ValidateOptionsResult Validate(string? name, TransactionsOptions options)
    {
        var errors = new List<string>();
        if (!IsHttpUri(options.CoordinatorAddress))
        {
            errors.Add("TransactionsOptions.CoordinatorAddress is required: the absolute http(s):// address of the coordinator's gRPC endpoint, e.g. http://coordinator:5300.");
        }

        if (string.IsNullOrWhiteSpace(options.ApplicationId))
        {
            errors.Add("TransactionsOptions.ApplicationId is required: this service's name, e.g. stock-service.");
        }
        else if (options.ApplicationId.Length > 128)
        {
            errors.Add("TransactionsOptions.ApplicationId must be at most 128 characters.");
        }

        if (options.ApplicationKey is not null && (options.ApplicationKey.Length == 0 || options.ApplicationKey.Any(c => c is < '!' or > '~')))
        {
            errors.Add("TransactionsOptions.ApplicationKey must be printable ASCII without spaces (it is sent as gRPC metadata), or null.");
        }

        if (options.ResourceId is { Length: > 256 })
        {
            errors.Add("TransactionsOptions.ResourceId must be at most 256 characters.");
        }

        if (!Enum.IsDefined(options.ParticipantProtocol))
        {
            errors.Add("TransactionsOptions.ParticipantProtocol must be Grpc or HttpJson.");
        }

        if (string.IsNullOrEmpty(options.ParticipantPath) || options.ParticipantPath[0] != '/' || options.ParticipantPath.Contains('?', StringComparison.Ordinal))
        {
            errors.Add("TransactionsOptions.ParticipantPath must be a path starting with '/', e.g. /transactions/participant.");
        }

        if (options.ParticipantEndpoint is not null && !IsHttpUri(options.ParticipantEndpoint))
        {
            errors.Add("TransactionsOptions.ParticipantEndpoint must be an absolute http(s):// address the coordinator can reach, e.g. http://stock:5001.");
        }
        else if (options.ParticipantEndpoint is null && registry.TccActions.Count > 0)
        {
            errors.Add($"TransactionsOptions.ParticipantEndpoint is required: this service has TCC actions ({string.Join(", ", registry.TccActions.Keys)}) "
                + "and the coordinator must be able to call it back for Confirm/Cancel.");
        }
        else if (options.GetRegisteredEndpoint().Length > 1024)
        {
            errors.Add("TransactionsOptions.ParticipantEndpoint (with ParticipantPath for HttpJson) must be at most 1024 characters.");
        }

        Range(errors, nameof(options.DefaultTimeout), options.DefaultTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        Range(errors, nameof(options.CoordinatorCallTimeout), options.CoordinatorCallTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        Range(errors, nameof(options.CoordinatorRetryDelay), options.CoordinatorRetryDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        if (options.CoordinatorMaxRetryDelay < options.CoordinatorRetryDelay || options.CoordinatorMaxRetryDelay > TimeSpan.FromMinutes(10))
        {
            errors.Add("TransactionsOptions.CoordinatorMaxRetryDelay must be at least CoordinatorRetryDelay and at most 10 minutes.");
        }

        if (options.CoordinatorMaxRetries is < 0 or > 100)
        {
            errors.Add("TransactionsOptions.CoordinatorMaxRetries must be between 0 and 100.");
        }

        if (options.JsonSerializerOptions is null)
        {
            errors.Add("TransactionsOptions.JsonSerializerOptions must not be null.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttpUri(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static void Range(List<string> errors, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"TransactionsOptions.{name} must be between {min} and {max}.");
        }
    }
}
