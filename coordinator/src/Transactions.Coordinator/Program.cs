using Transactions.Coordinator.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddCoordinatorHost();

var app = builder.Build();
app.MapCoordinatorHost();
await app.RunAsync();

/// <summary>Entry point (public for WebApplicationFactory in tests).</summary>
public partial class Program;
