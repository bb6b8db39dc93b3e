using Microsoft.AspNetCore.Http;
using Transactions.Coordinator.Errors;

namespace Transactions.Coordinator.Admin.Http;

/// <summary>Maps coordinator errors to problem responses (400 naming the field, 404, 409 with the reason); never a stack trace.</summary>
internal static class AdminErrors
{
    public static async Task<IResult> RunAsync(Func<Task<IResult>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (InvalidRequestException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { [ex.Field] = [ex.Message] }, detail: ex.Message);
        }
        catch (TransactionNotFoundException ex)
        {
            return Results.Problem(detail: ex.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (TransactionStateException ex)
        {
            return Results.Problem(detail: ex.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }
}
