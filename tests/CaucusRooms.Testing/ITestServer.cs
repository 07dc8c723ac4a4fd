namespace CaucusRooms.Testing;

/// <summary>A running CaucusRooms a test talks to: an in-process host, a node process, or a load balancer in front of nodes.</summary>
public interface ITestServer
{
    /// <summary>http://127.0.0.1:port/</summary>
    Uri BaseAddress { get; }
}
