using Transactions.ReliableMessage.Service.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddReliableMessageHost();

var app = builder.Build();
app.MapReliableMessageHost();
await app.RunAsync();

/// <summary>Entry point (public for WebApplicationFactory in tests).</summary>
public partial class Program;
