using CaucusRooms.Server.Infrastructure;

namespace CaucusRooms.Server.Tests.Infrastructure;

/// <summary>
/// What a node remembers per session (the session it last read, the one it opened): a slower read never puts back an
/// older version than the one kept, what is removed no longer counts toward the bound, and at the bound it starts afresh
/// instead of growing with the run.
/// </summary>
public sealed class BoundedTableTests
{
    private sealed record Read(string Session, long Version);

    private static readonly Func<Read, Read, bool> KeepNewer = (kept, read) => kept.Version > read.Version;

    [Fact]
    public void ASlowerReadOfAnOlderVersionDoesNotReplaceTheNewerOneKept()
    {
        var table = new BoundedTable<string, Read>(maxRemembered: 10);

        table.Put("s1", new Read("s1", 5), KeepNewer);
        table.Put("s1", new Read("s1", 4), KeepNewer);
        Assert.True(table.TryGetValue("s1", out var kept));
        Assert.Equal(5, kept.Version);

        table.Put("s1", new Read("s1", 6), KeepNewer);
        Assert.True(table.TryGetValue("s1", out kept));
        Assert.Equal(6, kept.Version);
        table.Put("s1", new Read("s1", 2));
        Assert.True(table.TryGetValue("s1", out kept));
        Assert.Equal(2, kept.Version);
    }

    [Fact]
    public void WhatIsRemovedNoLongerCountsAndAtTheBoundTheTableStartsAfresh()
    {
        var table = new BoundedTable<string, Read>(maxRemembered: 3);
        foreach (var s in new[] { "s1", "s2", "s3" }) table.Put(s, new Read(s, 1));
        table.Remove("s2");

        // Two kept: a third fits without forgetting anything.
        table.Put("s4", new Read("s4", 1));
        Assert.Equal(3, table.Count);
        Assert.True(table.TryGetValue("s1", out _));

        // Three kept: the next put starts afresh and keeps only itself.
        table.Put("s5", new Read("s5", 1));
        Assert.Equal(1, table.Count);
        Assert.False(table.TryGetValue("s1", out _));
        Assert.True(table.TryGetValue("s5", out _));
    }

    [Fact]
    public void APutOfAKeyAlreadyKeptDoesNotCountTwice()
    {
        var table = new BoundedTable<string, Read>(maxRemembered: 2);
        for (var version = 1; version <= 10; version++) table.Put("s1", new Read("s1", version), KeepNewer);
        table.Put("s2", new Read("s2", 1));

        Assert.Equal(2, table.Count);
        Assert.True(table.TryGetValue("s1", out var kept));
        Assert.Equal(10, kept.Version);
    }
}
