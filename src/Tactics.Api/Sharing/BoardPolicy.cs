using Tactics.Api.Domain.Agencies;
using Tactics.Api.Infrastructure.Auth;

namespace Tactics.Api.Sharing;

/// <summary>
/// Whose board lists what: a police zone its own zone's PVs; a parquet the PVs of its judicial district's zones and the 458bis
/// disclosures addressed to it. Null fields are no part of the scope.
/// </summary>
/// <param name="PoliceZone">A police zone's own zone number.</param>
/// <param name="JudicialDistrict">A parquet's judicial district, whose zones' PVs it lists.</param>
/// <param name="DisclosuresOf">A parquet's own code: the disclosures addressed to it.</param>
public sealed record BoardScope(string? PoliceZone, string? JudicialDistrict, string? DisclosuresOf);

/// <summary>Which case data one board item shows its reader, from the reader's visibility of the item's case.</summary>
/// <param name="Case">The case and the PV or disclosure ids (core).</param>
/// <param name="Household">The household link (the household rule: legal mission on the case).</param>
/// <param name="RiskFlag">Whether the case lacks a risk assessment (risk).</param>
/// <param name="Decision">The decision that cleared it (judicial).</param>
public sealed record BoardItemFields(bool Case, bool Household, bool RiskFlag, bool Decision)
{
    public static readonly BoardItemFields BoardOnly = new(false, false, false, false);
}

/// <summary>
/// The board's rules (DESIGN.md, "Who may act": parquet and police read the board; a parquet referent assigns its items;
/// the parquet decides). The board's own fields (kind, zone, received and due dates, overdue, assignee) are the board's, shown
/// to every reader whose scope holds the item: a zone learns no more than the kind and zone of its own PVs. The case data an
/// item carries follows the reader's visibility of its case, as everywhere else.
/// </summary>
public static class BoardPolicy
{
    public static bool MayReadBoard(SharingCaller caller) => caller.Kind is AgencyKind.Parquet or AgencyKind.Police;

    /// <summary>A parquet's referent gives an item to a legal referent, or to another one.</summary>
    public static bool MayAssign(SharingCaller caller) => caller.Kind == AgencyKind.Parquet && caller.Roles.Contains(UserRoles.Referent);

    /// <summary>The caller's board, from its agency's zone or judicial district; null for a kind that has none.</summary>
    public static BoardScope? ScopeOf(SharingCaller caller, string? policeZone, string judicialDistrict) => caller.Kind switch
    {
        AgencyKind.Police when policeZone is not null => new BoardScope(policeZone, null, null),
        AgencyKind.Parquet => new BoardScope(null, judicialDistrict, caller.AgencyCode),
        _ => null,
    };

    /// <summary>The case data of an item for a reader with this visibility of its case (null: no basis on it).</summary>
    public static BoardItemFields FieldsFor(CaseVisibility? visibility) => visibility is null
        ? BoardItemFields.BoardOnly
        : new BoardItemFields(visibility.Sees(DataCategory.Core), SideRecordPolicy.SeesHouseholdLink(visibility, false), visibility.Sees(DataCategory.Risk),
            visibility.Sees(DataCategory.Judicial));

    /// <summary>
    /// A decision on a PV is judicial: those who see the case's judicial data read it. A decision on a 458bis disclosure is the
    /// addressed parquet's alone, like the disclosure itself.
    /// </summary>
    public static bool ForDecision(SharingCaller caller, string? addressedParquet, CaseVisibility visibility) =>
        addressedParquet is null
            ? visibility.Sees(DataCategory.Judicial)
            : caller.Kind == AgencyKind.Parquet && caller.AgencyCode == addressedParquet && visibility.Sees(DataCategory.Core);
}
