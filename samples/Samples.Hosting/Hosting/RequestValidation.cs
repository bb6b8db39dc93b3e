using Microsoft.AspNetCore.Http;

namespace Samples.Hosting.Hosting;

/// <summary>Collects input errors of a request and turns them into a 400 ValidationProblem.</summary>
public sealed class RequestValidation
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    /// <summary>Whether no error was found.</summary>
    public bool IsValid => _errors.Count == 0;

    /// <summary>Requires a text of 1 to <paramref name="maxLength"/> characters.</summary>
    /// <param name="field">The field name.</param>
    /// <param name="value">The value.</param>
    /// <param name="maxLength">The largest length.</param>
    /// <returns>This validation.</returns>
    public RequestValidation Text(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            _errors[field] = ["Required."];
        }
        else if (value.Length > maxLength)
        {
            _errors[field] = [$"At most {maxLength} characters."];
        }

        return this;
    }

    /// <summary>Requires a number between <paramref name="min"/> and <paramref name="max"/>.</summary>
    /// <param name="field">The field name.</param>
    /// <param name="value">The value.</param>
    /// <param name="min">The smallest value.</param>
    /// <param name="max">The largest value.</param>
    /// <returns>This validation.</returns>
    public RequestValidation Range(string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            _errors[field] = [$"Must be between {min} and {max}."];
        }

        return this;
    }

    /// <summary>The 400 answer listing the errors.</summary>
    /// <returns>The result.</returns>
    public IResult Problem() => Results.ValidationProblem(_errors, title: "The request is not valid.");
}
