using Transactions.Admin.Security;
using Transactions.Coordinator.Hosting;

// `hash-api-key <key>` prints the hash to put in Admin:ApiKeys:N:Hash (keys are never configured in clear).
if (args is ["hash-api-key", var key])
{
    try
    {
        Console.WriteLine(ApiKeyHash.Compute(key));
        return 0;
    }
    catch (ArgumentException ex)
    {
        await Console.Error.WriteLineAsync(ex.Message);
        return 2;
    }
}

var builder = WebApplication.CreateBuilder(args);
builder.AddCoordinatorHost();

var app = builder.Build();
app.MapCoordinatorHost();
await app.RunAsync();
return 0;

/// <summary>Entry point (public for WebApplicationFactory in tests).</summary>
public partial class Program;
