using CaucusRooms.Server.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddCaucusRooms(builder.Configuration, builder.Environment);

var app = builder.Build();
app.UseCaucusRooms();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
