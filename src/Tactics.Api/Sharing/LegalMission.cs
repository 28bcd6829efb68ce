using Tactics.Api.Domain.Agencies;

namespace Tactics.Api.Sharing;

/// <summary>
/// What each agency kind sees by legal mission, without consent, inside its territory (DESIGN.md).
/// This table is the one place that says it; the README shows it.
/// </summary>
public static class LegalMission
{
    private static readonly DataCategory[] CriminalChain =
    [
        DataCategory.Core, DataCategory.Identity, DataCategory.Contact, DataCategory.Facts,
        DataCategory.Children, DataCategory.Risk, DataCategory.Judicial, DataCategory.Measures,
    ];

    public static IReadOnlyDictionary<AgencyKind, IReadOnlySet<DataCategory>> Matrix { get; } =
        new Dictionary<AgencyKind, IReadOnlySet<DataCategory>>
        {
            [AgencyKind.Police] = CriminalChain.ToHashSet(),
            [AgencyKind.Parquet] = CriminalChain.ToHashSet(),
            [AgencyKind.Sapv] = CriminalChain.ToHashSet(),
            // Follows release conditions and measures; not the victim's contact.
            [AgencyKind.JusticeHouse] = new HashSet<DataCategory> { DataCategory.Core, DataCategory.Identity, DataCategory.Judicial, DataCategory.Measures },
            // Existence only; everything else comes from a 458ter consultation.
            [AgencyKind.Coordination] = new HashSet<DataCategory> { DataCategory.Core },
            [AgencyKind.Cpas] = new HashSet<DataCategory>(),
            [AgencyKind.Health] = new HashSet<DataCategory>(),
            [AgencyKind.VictimSupport] = new HashSet<DataCategory>(),
            [AgencyKind.PerpetratorSupport] = new HashSet<DataCategory>(),
        };

    public static bool Covers(AgencyKind kind, DataCategory category) => Matrix[kind].Contains(category);

    /// <summary>Kinds whose mission reaches cases by territory (zone or judicial district).</summary>
    public static bool HasTerritory(AgencyKind kind) => Matrix[kind].Count > 0;
}
