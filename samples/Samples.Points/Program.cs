using Samples.Points.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPointsService();

var app = builder.Build();
app.MapPointsService();
await app.RunAsync();
