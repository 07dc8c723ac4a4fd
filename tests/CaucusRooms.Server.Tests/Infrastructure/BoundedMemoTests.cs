using CaucusRooms.Server.Infrastructure;

namespace CaucusRooms.Server.Tests.Infrastructure;

/// <summary>
/// The memo of hot-path values (group names, id texts, a room's Redis keys): a value is made once while remembered,
/// every caller of a key gets the same one, and the table starts afresh at its bound instead of growing with the run.
/// </summary>
public sealed class BoundedMemoTests
{
    [Fact]
    public void AValueIsMadeOnceWhileRememberedAndMadeAgainOnlyAfterTheMemoStartedAfresh()
    {
        var made = new List<string>();
        var memo = new BoundedMemo<string, string>(key => { made.Add(key); return $"person:{key}"; }, maxRemembered: 3);

        var first = memo.Of("alex");
        Assert.Same(first, memo.Of("alex"));
        memo.Of("blake");
        memo.Of("casey");
        Assert.Equal(3, memo.Count);
        memo.Of("drew");

        Assert.Equal(1, memo.Count);
        Assert.Equal("person:alex", memo.Of("alex"));
        Assert.Equal(["alex", "blake", "casey", "drew", "alex"], made);
    }

    [Fact]
    public async Task CallersRacingForTheSameKeysAllGetTheOneValueKept()
    {
        var memo = new BoundedMemo<int, object>(_ => new object(), maxRemembered: 1_000);
        using var start = new Barrier(2);

        var seen = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(10));
            return Enumerable.Range(0, 20_000).Select(i => (Key: i % 200, Value: memo.Of(i % 200))).ToList();
        })));

        Assert.All(seen.SelectMany(s => s).GroupBy(s => s.Key), key => Assert.Single(key.Select(s => s.Value).Distinct()));
        Assert.Equal(200, memo.Count);
    }
}
