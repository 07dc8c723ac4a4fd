namespace CaucusRooms.EndToEnd.Tests;

/// <summary>One server and one Chromium for all end-to-end tests, which run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ServerAndBrowser : ICollectionFixture<LiveServer>, ICollectionFixture<Chromium>
{
    public const string Name = "server and browser";
}
