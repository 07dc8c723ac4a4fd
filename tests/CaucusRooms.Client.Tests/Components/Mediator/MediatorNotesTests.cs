using System.Net;
using CaucusRooms.Client.Api;
using CaucusRooms.Client.Components.Mediator;
using Microsoft.Extensions.Time.Testing;

namespace CaucusRooms.Client.Tests.Components.Mediator;

public sealed class MediatorNotesTests : BunitContext
{
    private static readonly DateTimeOffset SavedAt = new(2026, 12, 1, 15, 4, 5, TimeSpan.Zero);
    private readonly List<string> _saved = [];

    private Func<string, Task<ApiResult<MediatorNotesDto>>> Saving(string? problem = null) => text =>
    {
        _saved.Add(text);
        return Task.FromResult(problem is null
            ? new ApiResult<MediatorNotesDto>(new MediatorNotesDto(text, SavedAt, "Morgan"), null, HttpStatusCode.OK)
            : new ApiResult<MediatorNotesDto>(null, problem, HttpStatusCode.BadRequest));
    };

    private static Func<Task<ApiResult<MediatorNotesDto>>> Loading(string text) =>
        () => Task.FromResult(new ApiResult<MediatorNotesDto>(new MediatorNotesDto(text, null, null), null, HttpStatusCode.OK));

    [Fact]
    public void TheNotesAreSavedOnceAMomentAfterTheMediatorStopsTyping()
    {
        var clock = new FakeTimeProvider(SavedAt);
        var cut = Render<MediatorNotes>(p => p.Add(x => x.Load, Loading("Opening: ")).Add(x => x.Save, Saving())
            .Add(x => x.SaveDelay, TimeSpan.FromMilliseconds(700)).Add(x => x.Clock, clock).Add(x => x.ExportUrl, "api/sessions/s1/notes/export"));
        Assert.Equal("Opening: ", cut.Find("textarea").GetAttribute("value"));

        // Three keystrokes in a row: only the text after the last one is saved.
        _ = cut.Find("textarea").InputAsync("Opening: d");
        _ = cut.Find("textarea").InputAsync("Opening: de");
        _ = cut.Find("textarea").InputAsync("Opening: dep");
        // The last keystroke has been handled (its wait has begun) once the page shows its text.
        cut.WaitForAssertion(() => Assert.Equal("Opening: dep", cut.Find("textarea").GetAttribute("value")));
        clock.Advance(TimeSpan.FromMilliseconds(699));
        Assert.Empty(_saved);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        cut.WaitForAssertion(() => Assert.StartsWith("Saved at ", cut.Find("[role=status]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        Assert.Equal(["Opening: dep"], _saved);
        Assert.EndsWith("by Morgan.", cut.Find("[role=status]").TextContent, StringComparison.Ordinal);
        Assert.Equal("api/sessions/s1/notes/export", cut.Find("a[download]").GetAttribute("href"));
    }

    [Fact]
    public void ARefusedSaveKeepsTheTextAndSaysWhy()
    {
        var cut = Render<MediatorNotes>(p => p.Add(x => x.Load, Loading(""))
            .Add(x => x.Save, Saving("Notes of at most 100,000 characters are required (an empty text clears them). They were not saved."))
            .Add(x => x.SaveDelay, TimeSpan.Zero));

        _ = cut.Find("textarea").InputAsync("Too much.");

        cut.WaitForAssertion(() => Assert.StartsWith("Not saved: Notes of at most", cut.Find("[role=status]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        Assert.Equal("Too much.", cut.Find("textarea").GetAttribute("value"));
        Assert.Equal(["Too much."], _saved);
    }

    [Fact]
    public void NotesThatCannotBeOpenedOfferNoNotepadToTypeInto()
    {
        var cut = Render<MediatorNotes>(p => p
            .Add(x => x.Load, () => Task.FromResult(new ApiResult<MediatorNotesDto>(null, "No such session, or you are not one of its mediators.", HttpStatusCode.NotFound)))
            .Add(x => x.Save, Saving()));

        Assert.Empty(cut.FindAll("textarea"));
        Assert.Equal("Your notes could not be opened: No such session, or you are not one of its mediators.", cut.Find("[role=status]").TextContent);
        Assert.Empty(_saved);
    }
}
