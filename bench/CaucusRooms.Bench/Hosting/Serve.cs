namespace CaucusRooms.Bench.Hosting;

/// <summary>The child-process side: <c>CaucusRooms.Bench serve caucusrooms|baseline</c>.</summary>
internal static class Serve
{
    public const string ListeningPrefix = "LISTENING ";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 1 || args[0] is not ("caucusrooms" or "baseline"))
        {
            await Console.Error.WriteLineAsync("usage: CaucusRooms.Bench serve caucusrooms|baseline");
            return 64;
        }
        var app = args[0] == "caucusrooms"
            ? await BenchHosts.StartCaucusRoomsAsync(Environment.GetEnvironmentVariable(BenchHosts.PasswordVariable) ?? Guid.NewGuid().ToString("N"), inProcess: false, CancellationToken.None)
            : await BenchHosts.StartBaselineAsync(inProcess: false, CancellationToken.None);
        Console.WriteLine(ListeningPrefix + BenchHosts.Address(app));
        // The parent holds our stdin: when it closes it (or dies), we stop.
        while (await Console.In.ReadLineAsync() is not null) { }
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await app.StopAsync(stop.Token);
        await app.DisposeAsync();
        return 0;
    }
}
