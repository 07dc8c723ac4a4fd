using CaucusRooms.Client.Api;
using CaucusRooms.Client.Components.Media;
using Microsoft.Extensions.DependencyInjection;

namespace CaucusRooms.Client.Tests.Components.Media;

public sealed class VideoCornerTests : BunitContext
{
    [Fact]
    public async Task NoCameraOrMicrophoneIsOpenedUntilThePersonAsksToJoinVideo()
    {
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:9/") };
        Services.AddSingleton(new CaucusApi(http));
        await using var link = new SessionLink(new Uri("http://127.0.0.1:9/hubs/session?sessionId=s1"), new LeakDiagnostics());

        var cut = Render<VideoCorner>(p => p.Add(x => x.Link, link).Add(x => x.SessionId, "s1").Add(x => x.MyParticipantId, "id-Alice"));

        Assert.Equal("Join video (camera and microphone)", cut.Find("button").TextContent);
        Assert.Empty(cut.FindAll(".video-room"));
        Assert.Empty(JSInterop.Invocations);
    }
}
