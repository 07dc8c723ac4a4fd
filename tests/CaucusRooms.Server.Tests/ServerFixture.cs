namespace CaucusRooms.Server.Tests;

/// <summary>The real service on real Kestrel, bound to a free port on 127.0.0.1 (<see cref="LoopbackHost{TEntryPoint}"/>).</summary>
public class ServerFixture : LoopbackHost<Program>;
