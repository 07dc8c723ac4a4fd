namespace CaucusRooms.Redis.Tests;

/// <summary>The tests that share one redis-server and one connection (<see cref="RedisFixture"/>); xunit finds collections only in the test assembly.</summary>
[CollectionDefinition(Name)]
public sealed class RedisTestGroup : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis";
}
