using CaucusRooms.Server.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace CaucusRooms.Server.Tests.Infrastructure;

public sealed class TransportSecurityTests
{
    [Theory]
    [InlineData("Production", "http://0.0.0.0:80", null, false)]
    [InlineData("Production", "http://*:8080", null, false)]
    [InlineData("Production", "http://127.0.0.1:5080", null, true)]
    [InlineData("Production", "http://localhost:5080", null, true)]
    [InlineData("Production", "http://0.0.0.0:80", "cert.pfx", true)]
    [InlineData("Development", "http://0.0.0.0:80", null, true)]
    public void OutsideDevelopmentPlainHttpIsServedOnlyOnLoopbackOrWithACertificate(string environment, string urls, string? certificate, bool starts)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = urls,
            ["Kestrel:Certificates:Default:Path"] = certificate,
        }).Build();

        var problem = TransportSecurity.PlainHttpProblem(configuration, new Env(environment), tlsTerminatedByProxy: false);

        Assert.Equal(starts, problem is null);
    }

    private sealed class Env(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "CaucusRooms";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
