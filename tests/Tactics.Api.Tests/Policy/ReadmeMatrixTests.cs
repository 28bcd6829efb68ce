using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Sharing;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Policy;

public sealed class ReadmeMatrixTests
{
    [Fact]
    public void The_readme_shows_the_legal_mission_matrix_the_code_applies()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var start = readme.IndexOf("<!-- legal-mission-matrix:start -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- legal-mission-matrix:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md lost its legal-mission matrix markers");

        var rows = readme[start..end].Split('\n').Where(line => line.StartsWith('|')).ToList();
        var header = rows[0].Split('|', StringSplitOptions.TrimEntries)[2..^1];
        Assert.Equal(EnumNames.All<DataCategory>(), header);

        var shown = rows.Skip(2).ToDictionary(
            row => row.Split('|', StringSplitOptions.TrimEntries)[1],
            row => row.Split('|', StringSplitOptions.TrimEntries)[2..^1]);
        Assert.Equal(EnumNames.All<AgencyKind>().Order(), shown.Keys.Order());
        foreach (var kind in Enum.GetValues<AgencyKind>())
        {
            var cells = shown[EnumNames.Name(kind)];
            var categories = Enum.GetValues<DataCategory>();
            for (var i = 0; i < categories.Length; i++)
            {
                Assert.True(LegalMission.Covers(kind, categories[i]) == (cells[i] == "✔"),
                    $"README says {(cells[i] == "✔" ? "" : "not ")}{EnumNames.Name(kind)} × {EnumNames.Name(categories[i])}; the code disagrees");
            }
        }
    }
}
