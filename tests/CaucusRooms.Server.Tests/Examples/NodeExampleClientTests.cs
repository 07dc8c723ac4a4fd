using System.Diagnostics;
using Xunit.Abstractions;

namespace CaucusRooms.Server.Tests.Examples;

/// <summary>
/// docs/protocol.md promises a runnable JavaScript client: examples/node-client runs here against
/// the real server, through the official @microsoft/signalr client, exactly as a reader would run it.
/// </summary>
public sealed class NodeExampleClientTests(HubServerFixture server, ITestOutputHelper output) : IClassFixture<HubServerFixture>
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    [Fact]
    public async Task TheNodeExampleClientPlaysAMediationAsTheProtocolSays()
    {
        var example = await PreparedExampleAsync();

        var run = await RunAsync("node", example, RunTimeout, "client.mjs", server.BaseAddress.ToString(), HubServerFixture.MediatorName, HubServerFixture.Password);

        Assert.True(run.ExitCode == 0, $"the example client exited {run.ExitCode}:\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains($"ok signed in as mediator {HubServerFixture.MediatorName}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok party redeemed the invite with its own cookie jar", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok mediator admitted the party to the joint room", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok messages exchanged in the joint room", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok messages exchanged in the party's caucus", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok a retried SendMessage with the same clientMessageId returned the same ack and was delivered once", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok mediator moved the party to its caucus", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok a send to the room just left is refused: NotEntitled: ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok nothing from the joint room reached the party after the move", run.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("PASS: everything behaved as the protocol says", run.Stdout.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNodeExampleClientFailsLoudlyWhenTheServerSaysNo()
    {
        var example = await PreparedExampleAsync();

        var run = await RunAsync("node", example, RunTimeout, "client.mjs", server.BaseAddress.ToString(), HubServerFixture.MediatorName, "not-the-password");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAIL: mediator signs in: expected HTTP 200, got 401", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("PASS", run.Stdout, StringComparison.Ordinal);
    }

    /// <summary>examples/node-client with its locked packages installed (npm ci, once).</summary>
    private async Task<string> PreparedExampleAsync()
    {
        var example = Path.Combine(RepositoryRoot(), "examples", "node-client");
        Assert.True(File.Exists(Path.Combine(example, "package-lock.json")), $"no package-lock.json in {example}");
        await InstallGate.WaitAsync(InstallTimeout);
        try
        {
            if (!Directory.Exists(Path.Combine(example, "node_modules", "@microsoft", "signalr")))
            {
                var install = await RunAsync("npm", example, InstallTimeout, "ci", "--no-audit", "--no-fund");
                Assert.True(install.ExitCode == 0, $"npm ci exited {install.ExitCode}:\n{install.Stdout}\n{install.Stderr}");
            }
        }
        finally
        {
            InstallGate.Release();
        }
        return example;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CaucusRooms.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No CaucusRooms.sln above {AppContext.BaseDirectory}.");
    }

    private sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs a program to its end or kills it (with its children) at the timeout; its output goes to the test log.</summary>
    private async Task<ProcessResult> RunAsync(string fileName, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"Cannot start '{fileName}' ({e.Message}); scripts/test.sh installs Node.js and npm.");
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            output.WriteLine($"{fileName} killed after {timeout}:\n{await stdout}\n{await stderr}");
            Assert.Fail($"{fileName} {string.Join(' ', arguments.Take(1))} did not finish within {timeout}.");
        }
        var result = new ProcessResult(process.ExitCode, await stdout.WaitAsync(TimeSpan.FromSeconds(10)), await stderr.WaitAsync(TimeSpan.FromSeconds(10)));
        output.WriteLine($"$ {fileName} {string.Join(' ', arguments.Select(a => a == HubServerFixture.Password ? "***" : a))} → exit {result.ExitCode}");
        output.WriteLine(result.Stdout);
        output.WriteLine(result.Stderr);
        return result;
    }
}
