namespace Tactics.Api.Tests.Infrastructure;

public static class RepositoryPaths
{
    /// <summary>The clone's root: the folder holding TACTICS.Api.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string OpenApiSpec => Path.Combine(Root, "api-spec", "openapi.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TACTICS.Api.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("TACTICS.Api.sln not found above the test binaries.");
    }
}
