namespace CaucusRooms.Contracts.Tests;

/// <summary>Files of the repository the tests read (the protocol page, the JavaScript example).</summary>
internal static class RepositoryFiles
{
    public static string Read(params string[] path) => File.ReadAllText(Path.Combine([Root(), .. path]));

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CaucusRooms.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No CaucusRooms.sln above {AppContext.BaseDirectory}.");
    }
}
