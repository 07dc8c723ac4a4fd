namespace CaucusRooms.Client.Tests.Live;

public sealed class ReadersLineTests
{
    private static readonly ReaderDto Avery = new("id-Avery", "Avery", "Party");
    private static readonly ReaderDto Blake = new("id-Blake", "Blake", "Advisor");
    private static readonly ReaderDto Morgan = new("id-Morgan", "Morgan", "Mediator");
    private static readonly ReaderDto Otto = new("id-Otto", "Otto", "Mediator");

    [Fact]
    public void APartyIsToldTheOtherReadersByNameAndTheMediatorsAsTheMediator()
    {
        var readers = new RoomReadersDto(Sample.CaucusAId, [Morgan, Blake, Avery, new("id-Cleo", "Cleo", "Party")]);

        Assert.Equal("To: Avery, Blake and the mediator", ReadersLine.Of(readers, "id-Cleo"));
        Assert.Equal("To: Blake, Cleo and the mediators", ReadersLine.Of(readers with { People = [.. readers.People, Otto] }, "id-Avery"));
    }

    [Fact]
    public void AMediatorIsToldTheirCoMediatorsByName()
    {
        var readers = new RoomReadersDto(Sample.JointId, [Morgan, Otto, Avery]);

        Assert.Equal("To: Avery and Otto (mediator)", ReadersLine.Of(readers, "id-Morgan"));
    }

    [Fact]
    public void SomeoneAloneInARoomIsToldNobodyElseReadsItAndNoWordFromTheServerSaysNothing()
    {
        Assert.Equal("To: nobody else yet (only you read this now)", ReadersLine.Of(new RoomReadersDto(Sample.JointId, [Morgan]), "id-Morgan"));
        Assert.Null(ReadersLine.Of(null, "id-Morgan"));
    }

    [Fact]
    public void TheReadersOfARoomComeOnlyFromTheRosterTheServerSent()
    {
        var roster = new MediaRosterDto(Sample.JointId, "Everyone", [], false, 3, false,
            [new RoomReadersDto(Sample.JointId, [Avery, Morgan]), new RoomReadersDto(Sample.CaucusAId, [Avery, Morgan])]);

        Assert.Equal([Avery, Morgan], ReadersLine.In(roster, Sample.CaucusAId)!.People);
        Assert.Null(ReadersLine.In(roster, Sample.CaucusBId));
        Assert.Null(ReadersLine.In(null, Sample.JointId));
    }
}
