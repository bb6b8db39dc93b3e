using Transactions.ReliableMessage.Errors;
using Transactions.ReliableMessage.Notifications;
using Transactions.ReliableMessage.Service.Security;

namespace Transactions.ReliableMessage.Service.Http;

/// <summary>Maps engine errors to problem responses (400, 401, 403, 404, 409) with their message, never a stack trace.</summary>
internal static class HttpErrors
{
    public static async Task<IResult> RunAsync(Func<Task<IResult>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ReliableMessageException ex)
        {
            if (ex is InvalidMessageRequestException invalid)
            {
                // 400 naming the field, in the standard validation-problem shape.
                return Results.ValidationProblem(
                    new Dictionary<string, string[]> { [invalid.Field] = [invalid.Message] }, detail: invalid.Message);
            }

            var status = ex switch
            {
                MessageNotFoundException or NotificationNotFoundException => StatusCodes.Status404NotFound,
                MessageStateException => StatusCodes.Status409Conflict,
                InvalidMessageRequestException => StatusCodes.Status400BadRequest,
                MessageApiAccessException { Unauthenticated: true } => StatusCodes.Status401Unauthorized,
                MessageApiAccessException => StatusCodes.Status403Forbidden,
                _ => StatusCodes.Status500InternalServerError,
            };
            return Results.Problem(detail: ex.Message, statusCode: status);
        }
    }
}
