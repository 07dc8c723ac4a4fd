using System.Text.Json;
using CaucusRooms.Server.Video;

namespace CaucusRooms.Server.Tests.Video;

/// <summary>Relay-only signaling: what of a signal passes, and what never does.</summary>
public sealed class CandidateFilterTests
{
    /// <summary>An answer as Chromium writes it with every kind of candidate (addresses from the documentation ranges).</summary>
    internal const string Sdp =
        "v=0\r\n" +
        "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "t=0 0\r\n" +
        "a=group:BUNDLE 0\r\n" +
        "m=video 50123 UDP/TLS/RTP/SAVPF 96\r\n" +
        "c=IN IP4 198.51.100.7\r\n" +
        "a=rtcp:9 IN IP4 198.51.100.7\r\n" +
        "a=candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host generation 0 network-id 1\r\n" +
        "a=candidate:2 1 udp 2122260223 0c1a7a4e-61c8-4bb8-9b3a-9f2f0e0c6a11.local 54322 typ host generation 0\r\n" +
        "a=candidate:3 1 udp 1686052607 198.51.100.7 50123 typ srflx raddr 192.0.2.10 rport 54321 generation 0\r\n" +
        "a=candidate:4 1 udp 1686052607 198.51.100.8 50124 typ prflx raddr 192.0.2.10 rport 54321 generation 0\r\n" +
        "a=candidate:5 1 tcp 1518280447 192.0.2.10 9 typ host tcptype active generation 0\r\n" +
        "a=candidate:6 1 udp 41885439 203.0.113.5 49170 typ relay raddr 198.51.100.7 rport 50123 generation 0\r\n" +
        "a=ice-ufrag:abcd\r\n" +
        "a=ice-pwd:abcdefghijklmnopqrstuvwx+/\r\n" +
        "a=mid:0\r\n";

    internal static string Answer => JsonSerializer.Serialize(new { type = "answer", sdp = Sdp, nonce = "n1" });

    internal static string Trickled(string candidate) =>
        JsonSerializer.Serialize(new { type = "candidate", candidate = new { candidate, sdpMid = "0", sdpMLineIndex = 0 }, nonce = "n1" });

    [Fact]
    public void AnAnswerKeepsOnlyItsRelayCandidateAndNoAddressOfTheSender()
    {
        var sdp = SdpOf(CandidateFilter.RelayOnly(Answer)!);

        var candidates = sdp.Split("\r\n").Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["a=candidate:6 1 udp 41885439 203.0.113.5 49170 typ relay raddr 0.0.0.0 rport 0 generation 0"], candidates);
        HoldsOnlyTheRelayAddress(sdp);
        Assert.Contains("c=IN IP4 0.0.0.0\r\n", sdp, StringComparison.Ordinal);
        Assert.Contains("a=rtcp:9 IN IP4 0.0.0.0\r\n", sdp, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIsNoCandidateInADescriptionPassesUnchanged()
    {
        var sdp = SdpOf(CandidateFilter.RelayOnly(Answer)!);

        var others = Sdp.Split("\r\n").Where(l => !l.StartsWith("a=candidate:", StringComparison.Ordinal) && !l.StartsWith("c=", StringComparison.Ordinal) && !l.StartsWith("a=rtcp:", StringComparison.Ordinal));
        Assert.All(others, line => Assert.Contains(line + (line.Length > 0 ? "\r\n" : ""), sdp, StringComparison.Ordinal));
        Assert.EndsWith("a=mid:0\r\n", sdp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host generation 0")]
    [InlineData("candidate:2 1 udp 2122260223 0c1a7a4e-61c8-4bb8-9b3a-9f2f0e0c6a11.local 54322 typ host generation 0")]
    [InlineData("candidate:3 1 udp 1686052607 198.51.100.7 50123 typ srflx raddr 192.0.2.10 rport 54321 generation 0")]
    [InlineData("candidate:4 1 udp 1686052607 198.51.100.8 50124 TYP PRFLX raddr 192.0.2.10 rport 54321")]
    [InlineData("candidate:7 1 udp 1686052607 198.51.100.7 50123 relay")]
    public void ATrickledCandidateThatIsNoRelayCandidateIsDroppedWhole(string candidate) =>
        Assert.Null(CandidateFilter.RelayOnly(Trickled(candidate)));

    [Fact]
    public void ATrickledRelayCandidatePassesWithoutTheSendersOwnAddress()
    {
        var relayed = CandidateFilter.RelayOnly(Trickled("candidate:6 1 udp 41885439 203.0.113.5 49170 typ relay raddr 198.51.100.7 rport 50123 generation 0"))!;

        using var json = JsonDocument.Parse(relayed);
        var candidate = json.RootElement.GetProperty("candidate");
        Assert.Equal("candidate:6 1 udp 41885439 203.0.113.5 49170 typ relay raddr 0.0.0.0 rport 0 generation 0", candidate.GetProperty("candidate").GetString());
        Assert.Equal("0", candidate.GetProperty("sdpMid").GetString());
        Assert.Equal("n1", json.RootElement.GetProperty("nonce").GetString());
    }

    [Theory]
    [InlineData("""{"type":"ready"}""")]
    [InlineData("""{"type":"candidate","candidate":{"candidate":"","sdpMid":"0","sdpMLineIndex":0},"nonce":"n1"}""")]
    public void ASignalWithoutAnyAddressPassesUnchanged(string payload) =>
        Assert.Same(payload, CandidateFilter.RelayOnly(payload));

    [Theory]
    [InlineData("""{"type":"candidate","candidate":"candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host"}""")]
    [InlineData("""{"type":"candidate","candidate":{"candidate":42}}""")]
    [InlineData("""{"type":"candidate","candidate":["candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host"]}""")]
    public void ACandidateOfAnyOtherShapeIsDropped(string payload) =>
        Assert.Null(CandidateFilter.RelayOnly(payload));

    /// <summary>No candidate but the relay one of <see cref="Sdp"/>, and no address of its sender (host, mDNS, reflexive).</summary>
    internal static void HoldsOnlyTheRelayAddress(string sdp)
    {
        Assert.Contains("203.0.113.5 49170 typ relay", sdp, StringComparison.Ordinal);
        foreach (var sendersOwn in new[] { "typ host", "typ srflx", "typ prflx", "192.0.2.10", "198.51.100.", ".local" })
            Assert.DoesNotContain(sendersOwn, sdp, StringComparison.OrdinalIgnoreCase);
    }

    private static string SdpOf(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        return json.RootElement.GetProperty("sdp").GetString()!;
    }
}
