using CaucusRooms.Client;
using CaucusRooms.Client.Api;
using CaucusRooms.Client.Live;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

builder.Services.AddScoped(sp => new HttpClient { BaseAddress = new Uri(builder.HostEnvironment.BaseAddress) });
builder.Services.AddScoped<CaucusApi>();
builder.Services.AddScoped<LeakDiagnostics>();
builder.Services.AddSingleton(TimeProvider.System);

await builder.Build().RunAsync();
