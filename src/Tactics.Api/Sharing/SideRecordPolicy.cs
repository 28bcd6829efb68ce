using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Tasks;

namespace Tactics.Api.Sharing;

/// <summary>A task as the policy needs it: its kind, its assignee, where it escalates, and the agency whose record raised it.</summary>
public sealed record TaskFacts(TaskKind Kind, string AssigneeAgency, string EscalationAgency, bool Escalated, string? RaisedBy);

/// <summary>What one caller may do with one task: see it (on which basis, for the access log), complete it.</summary>
public sealed record TaskAccess(bool Visible, SharingBasis? Basis, bool MayComplete)
{
    public static readonly TaskAccess None = new(false, null, false);
}

/// <summary>A consent ledger entry as the policy needs it.</summary>
public sealed record ConsentEntryFacts(string RecordedBy, string? RecipientAgencyCode, AgencyKind? RecipientKind, IReadOnlyCollection<DataCategory> Categories)
{
    public bool IsRecipient(SharingCaller caller) =>
        RecipientAgencyCode == caller.AgencyCode || (RecipientAgencyCode is null && RecipientKind == caller.Kind);
}

/// <summary>What one caller may see of one consent ledger entry.</summary>
public sealed record ConsentEntryAccess(bool Visible, bool SeesDetails)
{
    public static readonly ConsentEntryAccess None = new(false, false);
}

/// <summary>Who hears of a timeline entry: a data category, or the audience rule of a side record.</summary>
public enum TimelineAudience
{
    /// <summary>Those who see <see cref="TimelineEntryRule.Category"/>.</summary>
    Category,
    /// <summary>Those who may read the agency record it announces.</summary>
    Record,
    /// <summary>Those who see the task's category.</summary>
    Task,
    /// <summary>The consent ledger entry's audience.</summary>
    Consent,
    /// <summary>The 458ter consultation's audience.</summary>
    Consultation,
    /// <summary>Those who see the household link: legal mission on the case, or another case of the household reached (<see cref="SideRecordPolicy.SeesHouseholdLink"/>).</summary>
    HouseholdLink,
    /// <summary>No one: a type this rule does not know is shown to no one until it is given a rule.</summary>
    NoOne,
}

/// <summary>The rule of one timeline entry type.</summary>
public sealed record TimelineEntryRule(TimelineAudience Audience, DataCategory? Category = null);

/// <summary>How an access-log entry is shown to a reader: not at all, or with the withheld categories it may see.</summary>
public sealed record AccessLogEntryView(bool Visible, IReadOnlyList<string> Withheld)
{
    public static readonly AccessLogEntryView Hidden = new(false, []);
}

/// <summary>
/// Side records are case data too (DESIGN.md, "Side records are case data too"): who sees tasks, consent ledger entries,
/// followers, 458ter consultations, timeline entries and access-log entries. Pure: the caller's visibility of the case
/// (decided by <see cref="SharingPolicy"/>) and the record's facts are its arguments, so it is tested without a database.
/// </summary>
public static class SideRecordPolicy
{
    /// <summary>The category a task belongs to: telling the victim of a release is judicial; calling the victim back is contact.</summary>
    public static DataCategory CategoryOf(TaskKind kind) => kind switch
    {
        TaskKind.InformVictim => DataCategory.Judicial,
        TaskKind.EvaCallback or TaskKind.ProactiveContact => DataCategory.Contact,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// A task is for its assignee while it sees the task's category, after an escalation for the agency escalated to
    /// likewise (both may complete it), and for the agency whose record raised it (which reads it, no more). Not for the
    /// owner as such, nor anyone else. <paramref name="visibility"/> is the caller's view of the task's case (null: no basis).
    /// </summary>
    public static TaskAccess ForTask(SharingCaller caller, TaskFacts task, CaseVisibility? visibility)
    {
        var category = CategoryOf(task.Kind);
        SharingBasis? basis = visibility is not null && visibility.Granted.TryGetValue(category, out var b) ? b : null;
        var worksOnIt = caller.AgencyCode == task.AssigneeAgency || (task.Escalated && caller.AgencyCode == task.EscalationAgency);
        if (worksOnIt && basis is not null)
        {
            return new TaskAccess(true, basis, MayComplete: true);
        }
        if (task.RaisedBy is not null && caller.AgencyCode == task.RaisedBy)
        {
            return new TaskAccess(true, basis ?? SharingBasis.OwnRecord, MayComplete: false);
        }
        return TaskAccess.None;
    }

    /// <summary>
    /// Whether a consent ledger entry lets a proactive contact (the D+2 task) exist for the SAPV <paramref name="sapvAgency"/>: purpose
    /// <c>proactive_contact</c>, addressed to that SAPV or to every SAPV, valid at <paramref name="now"/> and not revoked. The purpose
    /// gates the flow; what the SAPV sees of the case stays its basis's (legal mission in the victim's zone).
    /// </summary>
    public static bool AllowsProactiveContact(string? recipientAgencyCode, AgencyKind? recipientKind, Domain.CaseSharing.ConsentPurpose purpose,
        DateTimeOffset validFrom, DateTimeOffset? validUntil, bool revoked, string sapvAgency, DateTimeOffset now) =>
        purpose == Domain.CaseSharing.ConsentPurpose.ProactiveContact && !revoked
        && (recipientAgencyCode == sapvAgency || (recipientAgencyCode is null && recipientKind == AgencyKind.Sapv))
        && validFrom <= now && (validUntil is null || validUntil > now);

    /// <summary>
    /// What a task carries of the victim's contact (DESIGN.md, the task row): the safe-contact preferences, and the other contact
    /// task's latest attempt (an EVA call-back's for a proactive contact, and the reverse, so two services do not call the victim
    /// unknowingly one after the other). For the agency working on it (its assignee, or the agency it escalated to) while it sees
    /// <c>contact</c> on the case; never for perpetrator support, whatever it sees.
    /// </summary>
    public static bool ShowsContactOnTask(SharingCaller caller, TaskAccess task, CaseVisibility? visibility) =>
        task.MayComplete && caller.Kind != AgencyKind.PerpetratorSupport && visibility?.Sees(DataCategory.Contact) == true;

    /// <summary>
    /// A consent ledger entry is for its recorder, its recipient (its own entries), and the case owner when the owner sees
    /// every category the entry grants. How it was obtained (and why it was revoked) is for the recorder and the owner only.
    /// </summary>
    public static ConsentEntryAccess ForConsent(SharingCaller caller, string ownerAgency, ConsentEntryFacts entry, CaseVisibility visibility)
    {
        var recorder = caller.AgencyCode == entry.RecordedBy;
        var owner = caller.AgencyCode == ownerAgency && entry.Categories.All(visibility.Sees);
        if (recorder || owner) return new ConsentEntryAccess(true, SeesDetails: true);
        return entry.IsRecipient(caller) ? new ConsentEntryAccess(true, SeesDetails: false) : ConsentEntryAccess.None;
    }

    /// <summary>
    /// The change scopes a consent ledger entry (its grant, its revocation) raises: those of the agencies that see it, as
    /// <see cref="ForConsent"/> decides. Its recorder, its recipient (an agency, or every agency of a kind), and the owner when it
    /// sees every category the entry grants (<paramref name="ownerVisibility"/>: null when the owner no longer reaches the case).
    /// </summary>
    public static IReadOnlyCollection<string> ConsentScopes(ConsentEntryFacts entry, string ownerAgency, CaseVisibility? ownerVisibility)
    {
        List<string> scopes = [Domain.Cases.CaseChanges.Agency(entry.RecordedBy)];
        if (entry.RecipientAgencyCode is { } code) scopes.Add(Domain.Cases.CaseChanges.Agency(code));
        else if (entry.RecipientKind is { } kind) scopes.Add(Domain.Cases.CaseChanges.Kind(kind));
        if (ownerVisibility is not null && entry.Categories.All(ownerVisibility.Sees)) scopes.Add(Domain.Cases.CaseChanges.Agency(ownerAgency));
        return scopes;
    }

    /// <summary>May the caller revoke this entry: its recorder, the case owner or its recipient, when it sees the entry.</summary>
    public static bool MayRevoke(SharingCaller caller, string ownerAgency, ConsentEntryFacts entry, CaseVisibility visibility) =>
        ForConsent(caller, ownerAgency, entry, visibility).Visible
        && (caller.AgencyCode == entry.RecordedBy || caller.AgencyCode == ownerAgency || entry.IsRecipient(caller));

    /// <summary>The categories the owner keeps of the case it opened (DESIGN.md, "Owner, own entries").</summary>
    public static readonly IReadOnlySet<DataCategory> OwnersCategories = new HashSet<DataCategory>
    {
        DataCategory.Core, DataCategory.Identity, DataCategory.Contact, DataCategory.Children,
    };

    /// <summary>
    /// The categories of <paramref name="requested"/> the caller may not grant: it grants only what it holds, by legal mission,
    /// as the owner (core, identity, contact, children), or, for social and health, because it wrote records in that
    /// category on this case. A consent it received, or a 458ter consultation, gives it nothing to pass on.
    /// </summary>
    public static IReadOnlyList<DataCategory> NotGrantable(SharingCaller caller, string ownerAgency, CaseVisibility visibility,
        IReadOnlySet<DataCategory> categoriesWithOwnRecords, IEnumerable<DataCategory> requested) =>
        [.. requested.Distinct().Where(category => !MayGrant(caller, ownerAgency, visibility, categoriesWithOwnRecords, category)).Order()];

    private static bool MayGrant(SharingCaller caller, string ownerAgency, CaseVisibility visibility,
        IReadOnlySet<DataCategory> categoriesWithOwnRecords, DataCategory category)
    {
        if (category == DataCategory.InternalNotes) return false;
        var basis = visibility.Granted.TryGetValue(category, out var b) ? b : (SharingBasis?)null;
        if (basis == SharingBasis.LegalMission) return true;
        if (caller.AgencyCode == ownerAgency && OwnersCategories.Contains(category) && basis is not null) return true;
        return category is DataCategory.Social or DataCategory.Health && categoriesWithOwnRecords.Contains(category);
    }

    /// <summary>
    /// A follower entry is for the follower itself, and for the case owner when the owner sees every category the follower's
    /// basis covers (<paramref name="followerCovers"/>: the categories the follower sees on the case; internal notes never count).
    /// </summary>
    public static bool ForFollower(SharingCaller caller, string ownerAgency, string followerAgency, IEnumerable<DataCategory> followerCovers, CaseVisibility visibility)
    {
        if (caller.AgencyCode == followerAgency) return true;
        return caller.AgencyCode == ownerAgency && followerCovers.Where(c => c != DataCategory.InternalNotes).All(visibility.Sees);
    }

    /// <summary>A 458ter consultation is for its participants, the agency that opened it and the case owner.</summary>
    public static bool ForConsultation(SharingCaller caller, string ownerAgency, string openedBy, IEnumerable<string> participants) =>
        caller.AgencyCode == ownerAgency || caller.AgencyCode == openedBy || participants.Contains(caller.AgencyCode);

    /// <summary>Whether the caller reaches the case by legal mission: some category of it (core included) is granted on that basis.</summary>
    public static bool ReachesByLegalMission(CaseVisibility visibility) => visibility.ReachedByLegalMission;

    /// <summary>
    /// The household link of a case (its <c>householdId</c>, its household, the <c>?householdId=</c> filter, its
    /// <c>case.household_linked</c> entries) is for those who reach the case by legal mission (the household rule gives them
    /// every case of it), or who reach another case of that household (<paramref name="reachesAnotherCaseOfHousehold"/>).
    /// Anyone else, the owner without legal mission included, learns nothing of the link: that two files are one couple's is
    /// itself case data (DESIGN.md, "Side records are case data too").
    /// </summary>
    public static bool SeesHouseholdLink(CaseVisibility visibility, bool reachesAnotherCaseOfHousehold) =>
        ReachesByLegalMission(visibility) || reachesAnotherCaseOfHousehold;

    /// <summary>
    /// The chain fields of an access-log entry (its sequence number in the case's chain and its hash) are for the owner
    /// agency's referent or dpo. Any other reader (the dpo of an agency that reached the case, the addressed parquet) gets
    /// the entries it may read without them: a sequence number counts the others' accesses in between.
    /// </summary>
    public static bool SeesAccessLogChain(SharingCaller caller, string ownerAgency) =>
        caller.AgencyCode == ownerAgency && (caller.Roles.Contains(Infrastructure.Auth.UserRoles.Referent) || caller.Roles.Contains(Infrastructure.Auth.UserRoles.Dpo));

    /// <summary>Each timeline entry takes the category of what it records, or the audience of the side record it announces.</summary>
    public static TimelineEntryRule TimelineRule(string type) => type switch
    {
        EventCatalogue.CaseOpened or EventCatalogue.CaseClosed or EventCatalogue.CaseReopened => new(TimelineAudience.Category, DataCategory.Core),
        EventCatalogue.CaseContactChanged => new(TimelineAudience.Category, DataCategory.Contact),
        EventCatalogue.CaseIncidentRecorded => new(TimelineAudience.Category, DataCategory.Facts),
        EventCatalogue.CaseRiskAssessed or EventCatalogue.CaseRiskRaised => new(TimelineAudience.Category, DataCategory.Risk),
        EventCatalogue.CustodyDetained or EventCatalogue.CustodyReleaseScheduled or EventCatalogue.CustodyReleased
            or EventCatalogue.CustodyLeaveGranted or EventCatalogue.DecisionRecorded => new(TimelineAudience.Category, DataCategory.Judicial),
        EventCatalogue.MeasureImposed or EventCatalogue.MeasureLifted => new(TimelineAudience.Category, DataCategory.Measures),
        EventCatalogue.CaseRecordAdded => new(TimelineAudience.Record),
        EventCatalogue.TaskAssigned => new(TimelineAudience.Task),
        EventCatalogue.CaseConsentGranted or EventCatalogue.CaseConsentRevoked => new(TimelineAudience.Consent),
        EventCatalogue.CaseConsultationOpened => new(TimelineAudience.Consultation),
        EventCatalogue.CaseHouseholdLinked => new(TimelineAudience.HouseholdLink),
        _ => new(TimelineAudience.NoOne),
    };

    /// <summary>
    /// The access log of a case, as its owner's referent or dpo reads it: the entries whose granted categories the owner
    /// sees, never a 458bis entry. Of an entry's withheld categories, those the owner does not see keep only reasons that
    /// tell nothing of the case (consent_revoked or consent_expired would tell of a consent the owner may not know of).
    /// </summary>
    public static AccessLogEntryView ForOwnersAccessLog(IReadOnlyCollection<string> granted, IReadOnlyCollection<string> withheld, CaseVisibility ownerVisibility)
    {
        foreach (var entry in granted)
        {
            if (!TryParseLogPair(entry, out var category, out var basis)) return AccessLogEntryView.Hidden;
            if (basis == AccessLog.BasisName(SharingBasis.ImminentDanger458bis) || !ownerVisibility.Sees(category)) return AccessLogEntryView.Hidden;
        }
        return new AccessLogEntryView(true, [.. withheld.Where(w => TryParseLogPair(w, out var category, out var reason)
            && (ownerVisibility.Sees(category) || !TellsOfAConsent(reason)))]);
    }

    /// <summary>A 458bis entry (the discloser's) is for the addressed parquet's referent or dpo, whoever owns the case.</summary>
    public static bool IsDisclosureEntry(IReadOnlyCollection<string> granted) =>
        granted.Any(g => TryParseLogPair(g, out _, out var basis) && basis == AccessLog.BasisName(SharingBasis.ImminentDanger458bis));

    private static bool TellsOfAConsent(string reason) =>
        reason == Common.Validation.EnumNames.Name(WithheldReason.ConsentRevoked) || reason == Common.Validation.EnumNames.Name(WithheldReason.ConsentExpired);

    /// <summary>Parses a <c>category:basis</c> (or <c>category:reason</c>) pair of the access log, old basis spellings mapped.</summary>
    public static bool TryParseLogPair(string pair, out DataCategory category, out string value)
    {
        var at = pair.IndexOf(':');
        value = at < 0 ? "" : AccessLog.ReadBasis(pair[(at + 1)..]);
        category = default;
        return at > 0 && Common.Validation.EnumNames.TryParse(pair[..at], out category);
    }
}
