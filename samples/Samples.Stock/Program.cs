using Samples.Stock.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddStockService();

var app = builder.Build();
app.MapStockService();
await app.RunAsync();
