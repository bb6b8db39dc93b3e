using Samples.Order.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddOrderService();

var app = builder.Build();
app.MapOrderService();
await app.RunAsync();
