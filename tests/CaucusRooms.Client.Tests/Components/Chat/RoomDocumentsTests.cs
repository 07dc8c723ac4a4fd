using System.Text;
using CaucusRooms.Client.Components.Chat;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace CaucusRooms.Client.Tests.Components.Chat;

/// <summary>A pane's documents: name, size, who shared it and a download link, only its own room's, and a labelled "Share a file".</summary>
public sealed class RoomDocumentsTests : BunitContext
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    public RoomDocumentsTests()
    {
        Services.AddSingleton(new LeakDiagnostics());
        ComposerModule.Plan(JSInterop);
    }

    private static DocumentDto Document(string roomId, string name, long size, string sharedBy = "Avery", int minute = 0) =>
        new(Guid.NewGuid().ToString("N"), roomId, name, size, "Pdf", sharedBy + "-id", sharedBy, At.AddMinutes(minute), $"/api/sessions/s/rooms/{roomId}/documents/{name}");

    [Fact]
    public void APaneListsItsRoomsDocumentsWithNameSizeSharerAndDownloadLinkAndNoneOfAnotherRoom()
    {
        var loaded = Document(Sample.CaucusAId, "offer.pdf", 48_213);
        var live = Document(Sample.CaucusAId, "photo.png", 2_500_000, "Mediator Maria", minute: 1);
        var stray = Document(Sample.CaucusBId, "their-bottom-line.pdf", 10);
        var options = new DocumentOptions(_ => Task.FromResult<IReadOnlyList<DocumentDto>>([loaded, stray]), _ => [live, stray], (_, _, _) => Task.FromResult<string?>(null));

        // Beside the composer, as on every page that lets a person write.
        var cut = Render<RoomPane>(p => p.Add(x => x.Room, Sample.CaucusA).Add(x => x.Documents, options).Add(x => x.MyParticipantId, "Avery-id")
            .Add(x => x.Send, (_, _) => Task.FromResult(SendResult.Sent)));
        cut.Render(p => p.Add(x => x.Room, Sample.CaucusA));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".pane-documents li").Count));
        var items = cut.FindAll(".pane-documents li");
        Assert.Equal("offer.pdf", items[0].QuerySelector("a")!.TextContent);
        Assert.Equal(loaded.DownloadPath, items[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("47 KB", items[0].QuerySelector(".document-size")!.TextContent);
        Assert.Equal("shared by you", items[0].QuerySelector(".document-sharer")!.TextContent);
        Assert.Equal("2.4 MB", items[1].QuerySelector(".document-size")!.TextContent);
        Assert.Equal("shared by Mediator Maria", items[1].QuerySelector(".document-sharer")!.TextContent);
        Assert.DoesNotContain("their-bottom-line", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void TheShareControlIsAFileInputWithALabelNamingTheRoomAndARefusalIsSaidAloud()
    {
        (string Room, string Name, string Text)? shared = null;
        var options = new DocumentOptions(_ => Task.FromResult<IReadOnlyList<DocumentDto>>([]), _ => [], async (room, name, content) =>
        {
            using var reader = new StreamReader(content, Encoding.UTF8);
            shared = (room, name, await reader.ReadToEndAsync());
            return "Only PDF files, images (PNG, JPEG, GIF) and plain text can be shared.";
        });
        var cut = Render<RoomPane>(p => p.Add(x => x.Room, Sample.Joint).Add(x => x.Documents, options));

        var input = cut.Find("input[type=file]");
        var label = cut.Find($"label[for='{input.Id}']");
        Assert.Equal("Share a file in Everyone", label.TextContent);
        Assert.Equal("No documents yet.", cut.Find(".documents-empty").TextContent);

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("Agenda: repairs.", "agenda.txt"));

        cut.WaitForAssertion(() => Assert.Equal("Only PDF files, images (PNG, JPEG, GIF) and plain text can be shared.", cut.Find("[role=alert]").TextContent));
        Assert.Equal((Sample.JointId, "agenda.txt", "Agenda: repairs."), shared);
    }

    [Fact]
    public void APaneWithoutDocumentOptionsOffersNoShareControl()
    {
        var cut = Render<RoomPane>(p => p.Add(x => x.Room, Sample.Joint));

        Assert.Empty(cut.FindAll("input[type=file]"));
        Assert.Empty(cut.FindAll(".pane-documents"));
    }
}
