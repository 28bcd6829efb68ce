using Tactics.Api.Domain.Agencies;

namespace Tactics.Api.Sharing;

/// <summary>Who may change a household (DESIGN.md, "What no write may do", acts 3 and 4).</summary>
public static class HouseholdActors
{
    /// <summary>Kinds whose referents merge households and confirm link suggestions (act 3).</summary>
    public static readonly IReadOnlySet<AgencyKind> LinkingKinds = new HashSet<AgencyKind> { AgencyKind.Police, AgencyKind.Parquet, AgencyKind.Sapv };

    /// <summary>
    /// Kinds with legal mission, whose new case (or incident) joins the household of the same victim–author pair at once (act 4);
    /// for any other opener the pair becomes a link suggestion.
    /// </summary>
    public static readonly IReadOnlySet<AgencyKind> PairJoiningKinds =
        new HashSet<AgencyKind> { AgencyKind.Police, AgencyKind.Parquet, AgencyKind.Sapv, AgencyKind.JusticeHouse };

    public static bool MayLink(AgencyKind kind) => LinkingKinds.Contains(kind);

    public static bool JoinsPairAtOnce(AgencyKind kind) => PairJoiningKinds.Contains(kind);
}
