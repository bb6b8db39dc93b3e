using Samples.Warehouse.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddWarehouseService();

var app = builder.Build();
app.MapWarehouseService();
await app.RunAsync();
