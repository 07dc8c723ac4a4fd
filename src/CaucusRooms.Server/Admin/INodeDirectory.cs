namespace CaucusRooms.Server.Admin;

/// <summary>Where the nodes' figures meet: only this node in-memory; every live node through Redis.</summary>
internal interface INodeDirectory
{
    /// <summary>This node's id among the nodes.</summary>
    string NodeId { get; }

    /// <summary>Makes this node's figures visible to the other nodes (until they go stale).</summary>
    Task PublishAsync(NodeFigures mine, CancellationToken ct = default);

    /// <summary>The figures of every live node, with <paramref name="mine"/> for this one.</summary>
    Task<IReadOnlyList<NodeFigures>> AllAsync(NodeFigures mine, CancellationToken ct = default);
}

internal sealed class InMemoryNodeDirectory : INodeDirectory
{
    public string NodeId => "local";

    public Task PublishAsync(NodeFigures mine, CancellationToken ct = default) => Task.CompletedTask;

    public Task<IReadOnlyList<NodeFigures>> AllAsync(NodeFigures mine, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<NodeFigures>>([mine]);
}
