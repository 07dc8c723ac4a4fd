using CaucusRooms.Server.Connections;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>A node that is not one of the test's: what it publishes is the envelope a real node writes, its notices serialized with the JSON hub protocol.</summary>
internal static class AnotherNode
{
    private static readonly IHubProtocol[] Protocols = [new JsonHubProtocol()];

    public static byte[] Envelope(Mediation m, params Notice[] notices) =>
        DeliveryEnvelope.Write(DeliveryEnvelope.NodeName("another node"), new SessionId(Guid.Parse(m.SessionId)), [.. notices.Select(n => CarriedNotice.Of(n, Protocols))]);
}
