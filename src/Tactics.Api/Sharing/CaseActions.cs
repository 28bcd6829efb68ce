using Tactics.Api.Common.Errors;
using Tactics.Api.Domain.Agencies;

namespace Tactics.Api.Sharing;

/// <summary>What a caller wants to do with a case; each action has its own rule of who may.</summary>
public enum CaseAction
{
    Read,
    ChangeContact,
    CloseOrReopen,
    RecordIncident,
    AssessRisk,
    RecordConsent,
    Follow,
    AddRecord,
    OpenConsultation,
    ReadDisclosures,
    RecordCustodyEvent,
    ImposeMeasure,
    LiftMeasure,
    ReportCompliance,
    RecordDecision,
    ReadSafeContact,
    SetSafeContact,
}

/// <summary>Why an action is refused to a caller that sees the case: the problem type that names what is missing, and a detail without personal data.</summary>
public sealed record ActionDenial(string ProblemType, string Detail);

/// <summary>
/// Who may act (DESIGN.md, "Who may act"), always on top of seeing the case: one pure table, decided on the caller, the case's
/// owner and what the policy lets the caller see. The case access service turns a denial into a 403.
/// </summary>
public static class CaseActions
{
    /// <summary>The event categories beyond core (the event catalogue): a follower's basis must cover one.</summary>
    public static readonly IReadOnlyList<DataCategory> FollowableCategories =
        [DataCategory.Facts, DataCategory.Risk, DataCategory.Judicial, DataCategory.Measures];

    /// <summary>The kinds bound by professional secrecy, who may disclose under article 458bis (DESIGN.md, "Who may act").</summary>
    public static readonly IReadOnlySet<AgencyKind> DiscloserKinds = new HashSet<AgencyKind>
    {
        AgencyKind.Health, AgencyKind.Cpas, AgencyKind.VictimSupport, AgencyKind.PerpetratorSupport,
    };

    public static bool MayDisclose(AgencyKind kind) => DiscloserKinds.Contains(kind);

    public static ActionDenial? Check(SharingCaller caller, string ownerAgency, CaseAction action, CaseVisibility visibility) => action switch
    {
        CaseAction.RecordIncident when caller.Kind != AgencyKind.Police =>
            new(ProblemTypes.AgencyKindNotAllowed, "Only a police zone records incidents (PV or sensitive-matter record)."),
        // An incident is facts: a zone records one where it sees the case's facts (legal mission, consent or 458ter).
        CaseAction.RecordIncident when !visibility.Sees(DataCategory.Facts) =>
            new(ProblemTypes.BasisRequired, "Recording an incident needs a basis that covers the facts category of this case."),
        CaseAction.AssessRisk when !visibility.Sees(DataCategory.Risk) =>
            new(ProblemTypes.BasisRequired, "A risk assessment needs a basis that covers the risk category of this case."),
        CaseAction.CloseOrReopen when ownerAgency != caller.AgencyCode =>
            new(ProblemTypes.OwnerOnly, "Only the agency that owns the case closes or reopens it."),
        CaseAction.ChangeContact when ownerAgency != caller.AgencyCode && !visibility.Sees(DataCategory.Contact) =>
            new(ProblemTypes.BasisRequired, "Changing contact details needs the owner's rights or a basis that covers contact."),
        CaseAction.RecordConsent when !visibility.Sees(DataCategory.Identity) =>
            new(ProblemTypes.BasisRequired, "Recording the victim's consent needs a basis that covers the victim's identity."),
        CaseAction.OpenConsultation when caller.Kind is not (AgencyKind.Parquet or AgencyKind.Coordination) =>
            new(ProblemTypes.AgencyKindNotAllowed, "Only a parquet or a coordination agency opens a 458ter case consultation."),
        // A follower hears of the case's events: it needs a basis beyond core, covering at least one event category;
        // the owner follows its own case whatever it sees (its core events are its own business).
        CaseAction.Follow when ownerAgency != caller.AgencyCode && !FollowableCategories.Any(visibility.Sees) =>
            new(ProblemTypes.BasisRequired, "Following a case needs a basis that covers its events beyond core (facts, risk, judicial or measures): "
                + "legal mission in the case's territory, the victim's consent to one of those categories, or a 458ter consultation. "
                + "The caller's agency sees none of them."),
        // The text of a 458bis disclosure is for the competent parquet alone, not for other agencies that see the case.
        CaseAction.ReadDisclosures when caller.Kind != AgencyKind.Parquet =>
            new(ProblemTypes.AgencyKindNotAllowed, "Only the competent parquet reads 458bis disclosures."),
        CaseAction.RecordCustodyEvent when caller.Kind is not (AgencyKind.Parquet or AgencyKind.JusticeHouse) =>
            new(ProblemTypes.AgencyKindNotAllowed, "Only the parquet or a justice house records custody events."),
        CaseAction.ImposeMeasure or CaseAction.LiftMeasure when caller.Kind is not (AgencyKind.Police or AgencyKind.Parquet) =>
            new(ProblemTypes.AgencyKindNotAllowed, "Only a police zone or the parquet imposes or lifts a protective measure."),
        CaseAction.ReportCompliance when caller.Kind != AgencyKind.JusticeHouse =>
            new(ProblemTypes.AgencyKindNotAllowed, "Only a justice house reports on the compliance with a protective measure."),
        CaseAction.RecordDecision when caller.Kind != AgencyKind.Parquet =>
            new(ProblemTypes.AgencyKindNotAllowed, "Only the parquet records a decision on a PV or a 458bis disclosure."),
        // Judicial and measures data are written only by an agency that may read them: what it records, it sees.
        CaseAction.RecordDecision when !visibility.Sees(DataCategory.Judicial) =>
            new(ProblemTypes.BasisRequired, "Recording a decision needs a basis that covers the judicial category of this case."),
        CaseAction.RecordCustodyEvent when !visibility.Sees(DataCategory.Judicial) =>
            new(ProblemTypes.BasisRequired, "Recording custody events needs a basis that covers the judicial category of this case."),
        CaseAction.ImposeMeasure or CaseAction.LiftMeasure when !visibility.Sees(DataCategory.Measures) =>
            new(ProblemTypes.BasisRequired, "Imposing or lifting a measure needs a basis that covers the measures category of this case."),
        CaseAction.ReportCompliance when !visibility.Sees(DataCategory.Measures) =>
            new(ProblemTypes.BasisRequired, "Reporting on a measure needs a basis that covers the measures category of this case."),
        // The victim's safe-contact preferences are contact: any agency that sees contact reads and sets them (DESIGN.md, "Who may act").
        CaseAction.ReadSafeContact or CaseAction.SetSafeContact when !visibility.Sees(DataCategory.Contact) =>
            new(ProblemTypes.BasisRequired, "The victim's safe-contact preferences need a basis that covers the contact category of this case."),
        _ => null,
    };

    /// <summary>
    /// Act 5: an incident recorded by a police zone in its own zone gives that zone territory only on a case it opens, or where it
    /// already sees facts by legal mission. Recorded on any other basis (consent, 458ter), it gives none.
    /// </summary>
    public static bool IncidentGivesTerritory(SharingCaller caller, string ownerAgency, CaseVisibility visibility) =>
        caller.Kind == AgencyKind.Police
        && (ownerAgency == caller.AgencyCode
            || (visibility.Granted.TryGetValue(DataCategory.Facts, out var basis) && basis == SharingBasis.LegalMission));
}
