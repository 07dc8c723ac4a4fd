namespace CaucusRooms.Server.Tests.Infrastructure;

/// <summary>
/// A JSON body that is broken or of the wrong shape gets a 4xx of the documented shape from every JSON endpoint, never a 5xx.
/// A class apart from <see cref="JsonCharsetTests"/> so it has a server of its own: together they would pass the 30 sign-ins a minute.
/// </summary>
public sealed class MalformedJsonBodyTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task ABrokenOrMisshapenJsonBodyIsRefusedWith400OfTheDocumentedShapeByEveryJsonEndpoint()
    {
        await using var m = await Mediation.OpenAsync(server);
        using var anonymous = server.NewBrowser();
        (byte[] Body, bool IsJsonOfTheRightShape)[] bodies =
        [
            ("{not json"u8.ToArray(), false),
            ("[1, 2, 3]"u8.ToArray(), false),
            ([0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00], false), // {} in UTF-16 with its byte order mark: not UTF-8
            ([], false),
            // JSON, but each endpoint finds a wrong type or a missing field in it: its own refusal, of the same shape.
            ("{\"title\": {\"nested\": [1, {\"deeper\": true}]}, \"userName\": 5, \"code\": false}"u8.ToArray(), true),
        ];

        foreach (var endpoint in await JsonEndpoint.AllAsync(m, anonymous))
        {
            foreach (var (body, isJson) in bodies)
            {
                using var response = await JsonEndpoint.PostAsync(endpoint.Browser, endpoint.Path, body, "application/json; charset=\"utf-8\"");
                var what = $"POST {endpoint.Path} with {Convert.ToHexString(body)}";
                var refusal = await JsonEndpoint.RefusalAsync(response, what);
                if (isJson) continue;
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {response.StatusCode}");
                Assert.Equal("MalformedRequest", refusal.Error);
            }
        }
    }
}
