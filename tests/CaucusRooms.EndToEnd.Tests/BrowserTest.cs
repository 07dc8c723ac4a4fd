namespace CaucusRooms.EndToEnd.Tests;

/// <summary>A test in the shared browser: after it, the pages' console errors go to the test output.</summary>
public abstract class BrowserTest(Chromium chromium, ITestOutputHelper output) : IDisposable
{
    protected ITestOutputHelper Output { get; } = output;

    protected Chromium Browsers { get; } = chromium;

    public void Dispose()
    {
        while (Browsers.Problems.TryDequeue(out var problem)) Output.WriteLine(problem);
        GC.SuppressFinalize(this);
    }
}
