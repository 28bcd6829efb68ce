using Tactics.Api.Domain.Agencies;

namespace Tactics.Api.Sharing;

/// <summary>The caller as the policy sees it.</summary>
public sealed record SharingCaller(string AgencyCode, AgencyKind Kind, IReadOnlySet<string> Roles);

/// <summary>A consent ledger entry, as the policy needs it.</summary>
public sealed record ConsentFact(
    Guid Id,
    string? RecipientAgencyCode,
    AgencyKind? RecipientKind,
    IReadOnlySet<DataCategory> Categories,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil,
    DateTimeOffset? RevokedAt)
{
    public bool IsFor(SharingCaller caller) =>
        RecipientAgencyCode == caller.AgencyCode || (RecipientAgencyCode is null && RecipientKind == caller.Kind);

    public bool IsActive(DateTimeOffset now) =>
        (RevokedAt is null || now < RevokedAt) && ValidFrom <= now && (ValidUntil is null || now < ValidUntil);
}

/// <summary>A 458ter case consultation: named participants until an end date.</summary>
public sealed record ConsultationFact(IReadOnlySet<string> Participants, DateTimeOffset Until)
{
    public bool Opens(SharingCaller caller, DateTimeOffset now) => now < Until && Participants.Contains(caller.AgencyCode);
}

/// <summary>What the policy needs to know of one case for one caller; loaded once per request by the case access service.</summary>
public sealed record CaseSharingFacts(
    Guid CaseId,
    string OwnerAgency,
    bool InCallerTerritory,
    bool CallerHasOwnEntries,
    IReadOnlyList<ConsentFact> Consents,
    IReadOnlyList<ConsultationFact> Consultations,
    bool ReachedByRelease = false);

/// <summary>
/// The one decision function: (caller, case, category, action, now) → permit with basis | deny with reason.
/// Pure: everything it needs is in its arguments, so the whole matrix is tested without a database.
/// Item-level own records (an agency's own incident, assessment or record) are decided by <see cref="DecideEntry"/>.
/// </summary>
public static class SharingPolicy
{
    /// <summary>Case-level categories the opening agency wrote itself and always keeps.</summary>
    private static readonly HashSet<DataCategory> OpenedByOwner =
        [DataCategory.Core, DataCategory.Identity, DataCategory.Contact, DataCategory.Children];

    /// <summary>Who may write each category, on top of seeing the case (DESIGN.md, "who may act").</summary>
    private static readonly Dictionary<DataCategory, AgencyKind[]> Writers = new()
    {
        [DataCategory.Facts] = [AgencyKind.Police, AgencyKind.Parquet],
        [DataCategory.Social] = [AgencyKind.Cpas, AgencyKind.VictimSupport],
        [DataCategory.Health] = [AgencyKind.Health],
        [DataCategory.Judicial] = [AgencyKind.Parquet, AgencyKind.JusticeHouse],
        [DataCategory.Measures] = [AgencyKind.Police, AgencyKind.Parquet, AgencyKind.JusticeHouse],
    };

    public static SharingDecision Decide(SharingCaller caller, CaseSharingFacts @case, DataCategory category, SharingAction action, DateTimeOffset now) =>
        action == SharingAction.Write ? DecideWrite(caller, @case, category, now) : DecideRead(caller, @case, category, now);

    /// <summary>The category an agency kind keeps its own records in, besides internal notes.</summary>
    private static readonly Dictionary<AgencyKind, DataCategory> OwnKindCategory = new()
    {
        [AgencyKind.Cpas] = DataCategory.Social,
        [AgencyKind.VictimSupport] = DataCategory.Social,
        [AgencyKind.Health] = DataCategory.Health,
    };

    /// <summary>
    /// Writing (DESIGN.md, "Owner, own entries, and who may write") needs the case visible on a basis other than the caller's
    /// own entries, a writer kind where one is named, and the category itself visible through legal mission, consent, 458ter or
    /// ownership. The exception: an agency's own record in internal notes or in its own kind's category needs only the case.
    /// </summary>
    private static SharingDecision DecideWrite(SharingCaller caller, CaseSharingFacts @case, DataCategory category, DateTimeOffset now)
    {
        var core = DecideRead(caller, @case, DataCategory.Core, now);
        if (!core.Permitted) return core;
        if (category == DataCategory.InternalNotes
            || (OwnKindCategory.TryGetValue(caller.Kind, out var own) && own == category))
        {
            return core;
        }
        if (Writers.TryGetValue(category, out var kinds) && !kinds.Contains(caller.Kind))
        {
            return SharingDecision.Deny(WithheldReason.OutsideMission);
        }
        return DecideRead(caller, @case, category, now);
    }

    /// <summary>The categories the caller may write on the case (a consent, for example, grants only categories its recorder holds).</summary>
    public static bool MayWrite(SharingCaller caller, CaseSharingFacts @case, DataCategory category, DateTimeOffset now) =>
        Decide(caller, @case, category, SharingAction.Write, now).Permitted;

    private static SharingDecision DecideRead(SharingCaller caller, CaseSharingFacts @case, DataCategory category, DateTimeOffset now)
    {
        // Hard rules first: no basis can open these.
        if (category == DataCategory.InternalNotes)
        {
            return SharingDecision.Deny(WithheldReason.NeverShared);
        }
        if (category == DataCategory.Contact && caller.Kind == AgencyKind.PerpetratorSupport)
        {
            return SharingDecision.Deny(WithheldReason.ProtectedContact);
        }

        if (caller.AgencyCode == @case.OwnerAgency && OpenedByOwner.Contains(category))
        {
            return SharingDecision.Permit(SharingBasis.OwnRecord);
        }
        if (@case.InCallerTerritory && LegalMission.Covers(caller.Kind, category))
        {
            return SharingDecision.Permit(SharingBasis.LegalMission);
        }
        // Act 8: a release reaches the police zone and SAPV where the victim lives, for its judicial data and the victim's contact.
        if (@case.ReachedByRelease && caller.Kind is AgencyKind.Police or AgencyKind.Sapv
            && category is DataCategory.Core or DataCategory.Judicial or DataCategory.Contact)
        {
            return SharingDecision.Permit(SharingBasis.LegalMission);
        }
        if (@case.Consultations.Any(c => c.Opens(caller, now)))
        {
            return SharingDecision.Permit(SharingBasis.CaseConsultation458ter);
        }

        var consents = @case.Consents.Where(c => c.IsFor(caller)).ToList();
        // Any live consent to the caller lets it know the case exists; each other category needs its own grant.
        if (consents.Any(c => c.IsActive(now) && (category == DataCategory.Core || c.Categories.Contains(category))))
        {
            return SharingDecision.Permit(SharingBasis.Consent);
        }
        // Own entries alone give no case: an agency whose only link is what it wrote reads those entries at their own routes.

        var covering = consents.Where(c => category == DataCategory.Core || c.Categories.Contains(category)).ToList();
        if (covering.Any(c => c.RevokedAt is not null && c.RevokedAt <= now))
        {
            return SharingDecision.Deny(WithheldReason.ConsentRevoked);
        }
        if (covering.Any(c => c.ValidUntil is not null && c.ValidUntil <= now))
        {
            return SharingDecision.Deny(WithheldReason.ConsentExpired);
        }
        return SharingDecision.Deny(LegalMission.Covers(caller.Kind, category) ? WithheldReason.OutsideMission : WithheldReason.ConsentRequired);
    }

    /// <summary>
    /// One entry on the case (an incident, an assessment, an agency record): visible when its category is,
    /// or when the caller's agency wrote it (own record). Internal notes never leave their agency.
    /// </summary>
    public static SharingDecision DecideEntry(SharingCaller caller, CaseSharingFacts @case, DataCategory category, string authorAgency, DateTimeOffset now)
    {
        if (authorAgency == caller.AgencyCode)
        {
            return SharingDecision.Permit(SharingBasis.OwnRecord);
        }
        return DecideRead(caller, @case, category, now);
    }
}
