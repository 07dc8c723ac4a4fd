using CaucusRooms.Server.Demo;
using CaucusRooms.Server.Hosting;

// "--demo" is ours, not a configuration key: take it out before the host reads the arguments.
var demo = args.Contains(DemoSeedRegistration.Switch);
var builder = WebApplication.CreateBuilder([.. args.Where(a => a != DemoSeedRegistration.Switch)]);
builder.Services.AddCaucusRooms(builder.Configuration, builder.Environment);
if (demo) builder.Services.AddDemoSeed();

var app = builder.Build();
app.UseCaucusRooms();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
