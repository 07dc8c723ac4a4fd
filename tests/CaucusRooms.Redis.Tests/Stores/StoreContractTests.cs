namespace CaucusRooms.Redis.Tests.Stores;

/// <summary>What every store must do, written once; each implementation runs it through a two-line subclass.</summary>
public abstract class StoreContractTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly IReadOnlyList<ParticipantId> Readers = [ParticipantId.New(), ParticipantId.New()];

    internal abstract IAccountStore Accounts { get; }

    internal abstract ISessionStore Sessions { get; }

    internal abstract IInviteStore Invites { get; }

    internal abstract IMessageStore Messages { get; }

    internal abstract IAuditStore Audits { get; }

    internal abstract IMediatorNotesStore Notes { get; }

    internal abstract IDocumentStore Documents { get; }

    [Fact]
    public async Task ASessionsDocumentsAreListedOldestFirstWithTheirReadersAndGoneAfterItsPurge()
    {
        var (session, other) = (SessionId.New(), SessionId.New());
        var caucus = RoomId.New();
        StoredDocument Shared(string name, int minute) =>
            new(Guid.NewGuid(), caucus, name, DocumentKind.Pdf, 7, "AB12", ParticipantId.New(), "Avery", At.AddMinutes(minute), Readers);
        var (first, second) = (Shared("first.pdf", 0), Shared("second.pdf", 1));
        Assert.Empty(await Documents.ListAsync(session).WaitAsync(Timeout));

        await Documents.AddAsync(session, second, "%PDF-2\n"u8.ToArray()).WaitAsync(Timeout);
        await Documents.AddAsync(session, first, "%PDF-1\n"u8.ToArray()).WaitAsync(Timeout);
        await Documents.AddAsync(other, Shared("other.pdf", 0), "%PDF-9\n"u8.ToArray()).WaitAsync(Timeout);

        var listed = await Documents.ListAsync(session).WaitAsync(Timeout);
        Assert.Equal(["first.pdf", "second.pdf"], listed.Select(d => d.Name));
        Assert.Equal(first with { Readers = [] }, listed[0] with { Readers = [] });
        Assert.Equal(Readers, listed[0].Readers);
        Assert.Equal("%PDF-1\n"u8.ToArray(), await Documents.ContentAsync(session, first.DocumentId).WaitAsync(Timeout));
        Assert.Null(await Documents.ContentAsync(other, first.DocumentId).WaitAsync(Timeout));

        await Documents.PurgeAsync(session).WaitAsync(Timeout);
        Assert.Empty(await Documents.ListAsync(session).WaitAsync(Timeout));
        Assert.Null(await Documents.ContentAsync(session, first.DocumentId).WaitAsync(Timeout));
        Assert.Single(await Documents.ListAsync(other).WaitAsync(Timeout));
    }

    [Fact]
    public async Task ASessionsNotesAreReplacedWholeByEachSaveAndGoneAfterItsPurge()
    {
        var (session, other) = (SessionId.New(), SessionId.New());
        var mediator = ParticipantId.New();
        Assert.Null(await Notes.GetAsync(session).WaitAsync(Timeout));

        await Notes.SaveAsync(session, new StoredNotes("first draft", At, mediator, "Morgan")).WaitAsync(Timeout);
        await Notes.SaveAsync(session, new StoredNotes("second draft", At.AddMinutes(1), mediator, "Morgan")).WaitAsync(Timeout);
        await Notes.SaveAsync(other, new StoredNotes("another session", At, mediator, "Morgan")).WaitAsync(Timeout);

        Assert.Equal(new StoredNotes("second draft", At.AddMinutes(1), mediator, "Morgan"), await Notes.GetAsync(session).WaitAsync(Timeout));
        await Notes.PurgeAsync(session).WaitAsync(Timeout);
        Assert.Null(await Notes.GetAsync(session).WaitAsync(Timeout));
        Assert.Equal("another session", (await Notes.GetAsync(other).WaitAsync(Timeout))?.Text);
    }


    [Fact]
    public async Task AnAccountIsFoundByItsUserNameInAnyCaseAndByItsId()
    {
        var name = Unique("mediator");
        var before = await Accounts.CountAsync();

        Assert.True(await Accounts.TryAddAsync(new Account("id-" + name, name, "hash", AccountRoles.Mediator)));

        Assert.Equal("id-" + name, (await Accounts.FindByUserNameAsync(name.ToUpperInvariant()))?.Id);
        Assert.Equal(name, (await Accounts.FindByIdAsync("id-" + name))?.UserName);
        Assert.Equal(before + 1, await Accounts.CountAsync());
        Assert.Null(await Accounts.FindByUserNameAsync(Unique("nobody")));
    }

    [Fact]
    public async Task ASecondAccountWithTheSameUserNameIsRefused()
    {
        var name = Unique("twice");
        Assert.True(await Accounts.TryAddAsync(new Account("a-" + name, name, "hash", AccountRoles.Mediator)));

        Assert.False(await Accounts.TryAddAsync(new Account("b-" + name, name.ToUpperInvariant(), "other", AccountRoles.Admin)));
        Assert.Equal("a-" + name, (await Accounts.FindByUserNameAsync(name))?.Id);
    }

    [Fact]
    public async Task AStoredSessionComesBackWithItsWholeState()
    {
        var (stored, _) = NewSession("account-" + Unique("a"));
        await Sessions.CreateAsync(stored, Entry("SessionOpened"));

        var loaded = await Sessions.GetAsync(stored.Id);

        Assert.NotNull(loaded);
        Assert.Equal(stored.Snapshot.Canonical(), loaded.Snapshot.Canonical());
        Assert.Equal(stored.MediatorAccounts, loaded.MediatorAccounts);
        Assert.Null(await Sessions.GetAsync(SessionId.New()));
    }

    [Fact]
    public async Task ASessionIsCreatedOnlyOnce()
    {
        var (stored, _) = NewSession("account-" + Unique("a"));
        await Sessions.CreateAsync(stored, Entry("SessionOpened"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Sessions.CreateAsync(stored, Entry("SessionOpened")));
    }

    [Fact]
    public async Task AReplaceBasedOnAnOldVersionChangesNothing()
    {
        var (stored, session) = NewSession("account-" + Unique("a"));
        await Sessions.CreateAsync(stored, Entry("SessionOpened"));
        var invited = ParticipantId.New();
        Assert.True(session.Invite(session.People.Single().Id, invited, "Alex", Role.Mediator, null, At).IsAccepted);
        var changed = stored with { Snapshot = session.ToSnapshot() };

        Assert.NotNull(await Sessions.TryReplaceAsync(changed, stored.Version, Entry("Invited")));
        Assert.Null(await Sessions.TryReplaceAsync(changed with { Snapshot = stored.Snapshot }, stored.Version, Entry("Invited")));

        Assert.Equal(changed.Snapshot.Canonical(), (await Sessions.GetAsync(stored.Id))!.Snapshot.Canonical());
        Assert.Equal(["SessionOpened", "Invited"], (await Audits.ReadAsync(stored.Id)).Select(e => e.Kind));
    }

    [Fact]
    public async Task OfManyConcurrentReplacesOfOneVersionExactlyOneWins()
    {
        var (stored, _) = NewSession("account-" + Unique("a"));
        await Sessions.CreateAsync(stored, Entry("SessionOpened"));
        var candidates = Enumerable.Range(0, 8).Select(i =>
        {
            var s = MediationSession.FromSnapshot(stored.Snapshot);
            s.Invite(s.People.Single().Id, ParticipantId.New(), $"Person {i}", Role.Mediator, null, At);
            return stored with { Snapshot = s.ToSnapshot() };
        }).ToList();

        var results = await Task.WhenAll(candidates.Select(c => Task.Run(() => Sessions.TryReplaceAsync(c, stored.Version, Entry("Invited")))));

        Assert.Single(results, r => r is not null);
        var winner = candidates[Array.FindIndex(results, r => r is not null)];
        Assert.Equal(winner.Snapshot.Canonical(), (await Sessions.GetAsync(stored.Id))!.Snapshot.Canonical());
        Assert.Equal(["SessionOpened", "Invited"], (await Audits.ReadAsync(stored.Id)).Select(e => e.Kind));
    }

    [Fact]
    public async Task AMediatorAccountListsOnlyItsOwnSessions()
    {
        var mine = "account-" + Unique("mine");
        var (first, _) = NewSession(mine);
        var (second, _) = NewSession(mine);
        var (other, _) = NewSession("account-" + Unique("other"));
        foreach (var s in new[] { first, second, other }) await Sessions.CreateAsync(s, Entry("SessionOpened"));

        var listed = await Sessions.ListForAccountAsync(mine);

        Assert.Equal(new[] { first.Id, second.Id }.OrderBy(i => i.Value), listed.Select(s => s.Id).OrderBy(i => i.Value));
    }

    [Fact]
    public async Task AnInviteIsFoundByItsHashAndCountsItsRedemptions()
    {
        var invite = new Invite(InviteCodes.Hash(InviteCodes.NewCode()), SessionId.New(), ParticipantId.New(), At.AddDays(7), false, 0);
        await Invites.AddAsync(invite);

        Assert.Equal(invite, await Invites.FindAsync(invite.CodeHash));
        Assert.Equal(1, await Invites.RecordRedemptionAsync(invite.CodeHash));
        Assert.Equal(2, await Invites.RecordRedemptionAsync(invite.CodeHash));
        Assert.Equal(2, (await Invites.FindAsync(invite.CodeHash))!.Redemptions);
        Assert.Null(await Invites.FindAsync(InviteCodes.Hash("no such code")));
    }

    [Fact]
    public async Task RevokingOnePersonsInvitesLeavesEveryoneElsesWorking()
    {
        var session = SessionId.New();
        var (alex, blake) = (ParticipantId.New(), ParticipantId.New());
        var alexPhone = NewInvite(session, alex);
        var alexLaptop = NewInvite(session, alex);
        var blakes = NewInvite(session, blake);
        foreach (var i in new[] { alexPhone, alexLaptop, blakes }) await Invites.AddAsync(i);
        await Invites.RecordRedemptionAsync(alexPhone.CodeHash);
        await Invites.RecordRedemptionAsync(alexLaptop.CodeHash);
        await Invites.RecordRedemptionAsync(blakes.CodeHash);

        await Invites.RevokeAsync(session, alex);

        Assert.True((await Invites.FindAsync(alexPhone.CodeHash))!.IsRevoked);
        Assert.True((await Invites.FindAsync(alexLaptop.CodeHash))!.IsRevoked);
        Assert.False((await Invites.FindAsync(blakes.CodeHash))!.IsRevoked);
        var devices = await Invites.DevicesAsync(session);
        Assert.Equal(2, devices[alex]);
        Assert.Equal(1, devices[blake]);
    }

    [Fact]
    public async Task MessagesOfARoomGetConsecutiveSeqsAndReadBackInOrder()
    {
        var (session, room, sender) = (SessionId.New(), RoomId.New(), ParticipantId.New());

        for (var i = 1; i <= 5; i++)
        {
            var (m, isNew) = await Messages.AppendAsync(session, room, sender, "Alex", $"c{i}", $"text {i}", At.AddSeconds(i), Readers);
            Assert.True(isNew);
            Assert.Equal(i, m.Seq);
        }

        var page = await Messages.ReadAfterAsync(room, 2, 2);
        Assert.Equal(new long[] { 3, 4 }, page.Select(m => m.Seq));
        Assert.Equal(new[] { "text 3", "text 4" }, page.Select(m => m.Text));
        var m3 = page[0];
        Assert.Equal((session, room, sender, "Alex", "c3", At.AddSeconds(3)), (m3.Session, m3.Room, m3.Sender, m3.SenderName, m3.ClientMessageId, m3.SentAt));
        Assert.Equal(5, (await Messages.ReadAfterAsync(room, 0, 100)).Count);
        Assert.Empty(await Messages.ReadAfterAsync(room, 5, 100));
        Assert.Empty(await Messages.ReadAfterAsync(RoomId.New(), 0, 100));
    }

    [Fact]
    public async Task AMessageKeepsTheReadersItWasSentToWhenReadBackAndFoundAgain()
    {
        var (session, room, sender) = (SessionId.New(), RoomId.New(), ParticipantId.New());
        IReadOnlyList<ParticipantId> readers = [sender, ParticipantId.New(), ParticipantId.New()];

        var (sent, _) = await Messages.AppendAsync(session, room, sender, "Alex", "c1", "only for the three of us", At, readers);

        Assert.Equal(readers, sent.Readers);
        Assert.Equal(readers, Assert.Single(await Messages.ReadAfterAsync(room, 0, 10)).Readers);
        Assert.Equal(readers, (await Messages.FindAsync(room, sender, "c1"))!.Readers);
        Assert.Equal(readers, (await Messages.FindByIdAsync(room, sent.MessageId))!.Readers);
    }

    [Fact]
    public async Task ARetryWithTheSameClientMessageIdReturnsTheFirstMessageAndStoresNothing()
    {
        var (session, room, sender) = (SessionId.New(), RoomId.New(), ParticipantId.New());
        var (first, _) = await Messages.AppendAsync(session, room, sender, "Alex", "same", "hello", At, Readers);

        var (again, isNew) = await Messages.AppendAsync(session, room, sender, "Alex", "same", "hello", At.AddSeconds(5), Readers);
        var (othersSame, othersNew) = await Messages.AppendAsync(session, room, ParticipantId.New(), "Blake", "same", "hi", At, Readers);

        Assert.False(isNew);
        Assert.Equal((first.MessageId, first.Seq, first.Text), (again.MessageId, again.Seq, again.Text));
        Assert.True(othersNew);
        Assert.Equal(2, othersSame.Seq);
        Assert.Equal(first.MessageId, (await Messages.FindAsync(room, sender, "same"))?.MessageId);
        Assert.Null(await Messages.FindAsync(room, sender, "never sent"));
        Assert.Equal(2, (await Messages.ReadAfterAsync(room, 0, 100)).Count);
    }

    [Fact]
    public async Task ConcurrentSendsToOneRoomGetDistinctConsecutiveSeqs()
    {
        var (session, room) = (SessionId.New(), RoomId.New());

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            Messages.AppendAsync(session, room, ParticipantId.New(), "P", $"c{i}", $"t{i}", At, Readers))));

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), results.Select(r => r.Message.Seq).Order());
    }

    [Fact]
    public async Task AMessageStaysInTheRoomItWasSentTo()
    {
        var (session, joint, caucus, sender) = (SessionId.New(), RoomId.New(), RoomId.New(), ParticipantId.New());
        await Messages.AppendAsync(session, caucus, sender, "Alex", "c1", "caucus only", At, Readers);

        Assert.Empty(await Messages.ReadAfterAsync(joint, 0, 100));
        Assert.Null(await Messages.FindAsync(joint, sender, "c1"));
        Assert.Equal(caucus, (await Messages.ReadAfterAsync(caucus, 0, 100)).Single().Room);
    }

    [Fact]
    public async Task AMessageIsFoundByItsIdWithTheCaucusItemItRelays()
    {
        var (session, joint, sender) = (SessionId.New(), RoomId.New(), ParticipantId.New());
        var shared = new SharedFromDto(Guid.NewGuid().ToString("N"), "Claimant");
        var (relay, _) = await Messages.AppendAsync(session, joint, sender, "Morgan", "r1", "they would accept 10", At, Readers, new MessageLinks(shared));

        var found = await Messages.FindByIdAsync(joint, relay.MessageId);

        Assert.Equal(("they would accept 10", shared), (found?.Text, found?.SharedFrom));
        Assert.Null(await Messages.FindByIdAsync(RoomId.New(), relay.MessageId));
        Assert.Null(await Messages.FindByIdAsync(joint, Guid.NewGuid()));
    }

    [Fact]
    public async Task AProposalKeepsItsLinkToTheItemItSummarizes()
    {
        var (session, caucus, mediator, item) = (SessionId.New(), RoomId.New(), ParticipantId.New(), Guid.NewGuid());

        var (proposal, _) = await Messages.AppendAsync(session, caucus, mediator, "Morgan", "p1", "they want more time", At, Readers, new MessageLinks(ProposalOf: item));

        Assert.Equal(item, (await Messages.FindByIdAsync(caucus, proposal.MessageId))?.ProposalOf);
        Assert.Equal(item, Assert.Single(await Messages.ReadAfterAsync(caucus, 0, 10)).ProposalOf);
    }

    [Fact]
    public async Task EachSessionHasItsOwnAuditKeyThatStaysTheSameUntilItsTrailIsDropped()
    {
        var (one, other) = (SessionId.New(), SessionId.New());

        var key = await Audits.KeyAsync(one);

        Assert.Equal(32, key.Length);
        Assert.Equal(key, await Audits.KeyAsync(one));
        Assert.NotEqual(key, await Audits.KeyAsync(other));
    }

    [Fact]
    public async Task APurgeDeletesEveryMessageOfTheSessionsRoomsAndNoOtherSessions()
    {
        var (session, joint, caucus, other, sender) = (SessionId.New(), RoomId.New(), RoomId.New(), RoomId.New(), ParticipantId.New());
        await Messages.AppendAsync(session, joint, sender, "Alex", "c1", "joint", At, Readers);
        await Messages.AppendAsync(session, caucus, sender, "Alex", "c2", "caucus", At, Readers);
        await Messages.AppendAsync(SessionId.New(), other, sender, "Alex", "c3", "elsewhere", At, Readers);

        await Messages.PurgeSessionAsync(session, [joint, caucus]);

        Assert.Empty(await Messages.ReadAfterAsync(joint, 0, 100));
        Assert.Empty(await Messages.ReadAfterAsync(caucus, 0, 100));
        Assert.Null(await Messages.FindAsync(joint, sender, "c1"));
        Assert.Single(await Messages.ReadAfterAsync(other, 0, 100));
    }

    [Fact]
    public async Task AnAuditTrailKeepsItsEntriesInOrderWithConsecutiveSeqs()
    {
        var session = SessionId.New();
        foreach (var kind in new[] { "SessionOpened", "ParticipantInvited", "ParticipantMoved" })
            await Audits.AppendAsync(session, new AuditEntryDto(0, At, kind, "m", "Morgan", null, null, null, null, null, null));

        var trail = await Audits.ReadAsync(session);

        Assert.Equal(new long[] { 1, 2, 3 }, trail.Select(e => e.Seq));
        Assert.Equal(new[] { "SessionOpened", "ParticipantInvited", "ParticipantMoved" }, trail.Select(e => e.Kind));
        Assert.Empty(await Audits.ReadAsync(SessionId.New()));
    }

    [Fact]
    public async Task RetentionDeletesOnlyTrailsOfSessionsClosedBeforeTheCutoff()
    {
        var (closedLongAgo, closedRecently, open) = (SessionId.New(), SessionId.New(), SessionId.New());
        await Audits.AppendAsync(closedLongAgo, new AuditEntryDto(0, At.AddDays(-400), "SessionClosed", null, null, null, null, null, null, null, null));
        await Audits.AppendAsync(closedRecently, new AuditEntryDto(0, At, "SessionClosed", null, null, null, null, null, null, null, null));
        await Audits.AppendAsync(open, new AuditEntryDto(0, At.AddDays(-400), "SessionOpened", null, null, null, null, null, null, null, null));

        Assert.True(await Audits.DeleteClosedBeforeAsync(At.AddDays(-30)) >= 1);

        Assert.Empty(await Audits.ReadAsync(closedLongAgo));
        Assert.Single(await Audits.ReadAsync(closedRecently));
        Assert.Single(await Audits.ReadAsync(open));
    }

    [Fact]
    public async Task AnAuditEntryReadsBackWithEveryNameRoomLabelDetailAndHash()
    {
        var session = SessionId.New();
        var entry = new AuditEntryDto(0, At, "Moved", "m", "Morgan", "p", "Alex Ng", "Caucus Claimant", "Joint", "item", "typed name \"A. Ng\"", "ab12");

        await Audits.AppendAsync(session, entry).WaitAsync(Timeout);

        Assert.Equal(entry with { Seq = 1 }, Assert.Single(await Audits.ReadAsync(session).WaitAsync(Timeout)));
    }

    [Fact]
    public async Task AnAuditKeyMadeBeforeTheTrailsFirstEntrySurvivesARetentionSweep()
    {
        var session = SessionId.New();
        var key = await Audits.KeyAsync(session).WaitAsync(Timeout);

        await Audits.DeleteClosedBeforeAsync(At.AddYears(10)).WaitAsync(Timeout);

        Assert.Equal(key, await Audits.KeyAsync(session).WaitAsync(Timeout));
    }

    [Fact]
    public async Task ASessionsConsentsComeBackWithItAndAChangedConsentIsAChangedVersion()
    {
        var (stored, session) = NewSession("account-" + Unique("a"));
        await Sessions.CreateAsync(stored, Entry("SessionOpened"));
        var mediator = session.People.Single().Id;
        var caucus = session.CaucusOf(session.Sides[0].Id).Id;
        var item = new CaucusItem(Guid.NewGuid(), caucus, mediator, "keyed-digest-of-the-words");
        Assert.True(session.AskForConsent(mediator, item, At).IsAccepted);

        Assert.NotNull(await Sessions.TryReplaceAsync(stored with { Snapshot = session.ToSnapshot() }, stored.Version, Entry("ConsentAsked")));

        var loaded = MediationSession.FromSnapshot((await Sessions.GetAsync(stored.Id))!.Snapshot);
        Assert.Equal(ConsentState.Asked, loaded.ConsentOf(item.Id)?.State);
        Assert.Equal("keyed-digest-of-the-words", loaded.ConsentOf(item.Id)?.WordsDigest);
        Assert.Equal(session.ToSnapshot().Canonical(), loaded.ToSnapshot().Canonical());
    }

    /// <summary>The audit entry a session is written with (the store appends it to the session's trail in the same step).</summary>
    private static AuditEntryDto Entry(string kind) => new(0, At, kind, "m", "Morgan", null, null, null, null, null, null);

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";

    private static Invite NewInvite(SessionId session, ParticipantId person) =>
        new(InviteCodes.Hash(InviteCodes.NewCode()), session, person, At.AddDays(7), false, 0);

    private static (StoredSession Stored, MediationSession Session) NewSession(string account)
    {
        var (session, refusal) = MediationSession.Open(SessionId.New(), "Smith v Jones", ["Claimant", "Respondent"], "Keep it confidential.", ParticipantId.New(), "Morgan", At);
        Assert.Null(refusal);
        return (new StoredSession(session!.ToSnapshot(), new Dictionary<string, ParticipantId> { [account] = session.People.Single().Id }), session);
    }
}
