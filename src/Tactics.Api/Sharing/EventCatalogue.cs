using Tactics.Api.Domain.Custody;
using Tactics.Api.Domain.Tasks;

namespace Tactics.Api.Sharing;

/// <summary>How the audience of an event type is found (API-EXAMPLES.md, "Events").</summary>
public enum AudienceRule
{
    /// <summary>Agencies that see the type's data category when the event is dispatched; the owner too, only if it does.</summary>
    Category,

    /// <summary>
    /// The task's category, read from its kind: the assignee while it sees it; on escalation also the agency escalated to and
    /// the owner, each while it sees it.
    /// </summary>
    TaskCategory,

    /// <summary>The category of the record it announces: the timeline only.</summary>
    RecordCategory,

    /// <summary>The consent's recipient and recorder, and the owner when it sees every category granted.</summary>
    ConsentParties,

    /// <summary>The consultation's participants and opener (named by the raiser), and the owner.</summary>
    ConsultationParties,

    /// <summary>The parquet the raiser addressed, and no one else.</summary>
    AddressedParquet,

    /// <summary>The referral's sender and target, named by the raiser.</summary>
    ReferralParties,

    /// <summary>The agencies of the other side's referents of a two-sided confirmation, named by the raiser.</summary>
    OtherSideReferents,

    /// <summary>The household rule: agencies that reach the case by legal mission.</summary>
    Household,
}

/// <summary>Who hears of an event by role, on top of its audience, whether or not they follow the case.</summary>
[Flags]
public enum EventRouting
{
    None = 0,

    /// <summary>
    /// Act 8 of DESIGN.md: a release reaches the police zone and the SAPV where the victim lives (from the address, even a
    /// confidential one), which the release itself gives <c>judicial</c>; where no partner zone serves the victim, the
    /// zones of the case's incidents; else the parquet that recorded it.
    /// </summary>
    ReleaseReach = 1,

    /// <summary>The police zone and SAPV where the victim lives are candidates, kept only while they see the category.</summary>
    VictimZone = 2,

    /// <summary>The police zone where the victim lives (which enforces measures) is a candidate, kept only while it sees the category.</summary>
    VictimZonePolice = 4,

    /// <summary>
    /// The parquets are candidates, kept only while they see the category by legal mission (those of the case's judicial
    /// district, by its territory and household rule): a consent or a 458ter does not make a parquet an addressee.
    /// </summary>
    MissionParquets = 8,
}

/// <summary>One type of the catalogue: its audience rule, its role routing, and whether it leaves the timeline.</summary>
/// <param name="Type">The dotted lower-case name.</param>
/// <param name="Rule">How its audience is found.</param>
/// <param name="Category">The category of a <see cref="AudienceRule.Category"/> audience; null for the others.</param>
/// <param name="Routing">Role routing on top of the audience.</param>
/// <param name="Deliverable">False for timeline-only types: never an inbox item nor a webhook.</param>
public sealed record EventDefinition(string Type, AudienceRule Rule, DataCategory? Category, EventRouting Routing, bool Deliverable);

/// <summary>A consent as the audience of its events needs it.</summary>
/// <param name="Recipients">The recipient agency, or every agency of the recipient kind.</param>
/// <param name="Recorder">The agency that recorded it.</param>
/// <param name="Categories">The categories it grants.</param>
public sealed record ConsentParties(IReadOnlyCollection<string> Recipients, string Recorder, IReadOnlyCollection<DataCategory> Categories);

/// <summary>A task as the audience of its events needs it.</summary>
public sealed record TaskParties(TaskKind Kind, string Assignee, string EscalationAgency);

/// <summary>What the dispatcher knows of one event's case when it decides who hears of it.</summary>
/// <param name="Owner">The case's owner; null when the event names no existing case.</param>
/// <param name="Followers">The agencies following the case.</param>
/// <param name="Named">The agencies its raiser named (participants, the addressed parquet, referral parties, the other side).</param>
/// <param name="VictimZonePolice">The police zones where the victim lives (act 8's fallbacks already applied).</param>
/// <param name="VictimZoneSapv">The SAPVs of those zones.</param>
/// <param name="Task">The task a task event names, when it belongs to the case.</param>
/// <param name="Consent">The consent a consent event names, when it belongs to the case.</param>
/// <param name="Parquets">Every parquet, the candidates of <see cref="EventRouting.MissionParquets"/>; null for other events.</param>
public sealed record EventCase(
    string? Owner,
    IReadOnlyCollection<string> Followers,
    IReadOnlyCollection<string> Named,
    IReadOnlyCollection<string> VictimZonePolice,
    IReadOnlyCollection<string> VictimZoneSapv,
    TaskParties? Task = null,
    ConsentParties? Consent = null,
    IReadOnlyCollection<string>? Parquets = null);

/// <summary>
/// The one event catalogue (API-EXAMPLES.md, "Events"): type → audience rule → routing. Pure: the dispatcher brings each
/// candidate's visibility of the case, decided by <see cref="SharingPolicy"/> for that agency at dispatch time, and
/// <see cref="Audience"/> keeps those the rule admits. The timeline asks <see cref="TimelineCategory"/>.
/// </summary>
public static class EventCatalogue
{
    public const int MaxLength = 64;

    public const string CaseOpened = "case.opened";
    public const string CaseClosed = "case.closed";
    public const string CaseReopened = "case.reopened";
    public const string CaseHouseholdLinked = "case.household_linked";
    public const string CaseIncidentRecorded = "case.incident_recorded";
    public const string CaseRiskRaised = "case.risk_raised";
    public const string CaseRiskAssessed = "case.risk_assessed";
    public const string CaseContactChanged = "case.contact_changed";
    public const string CaseRecordAdded = "case.record_added";
    public const string CaseConsentGranted = "case.consent_granted";
    public const string CaseConsentRevoked = "case.consent_revoked";
    public const string CaseConsultationOpened = "case.consultation_opened";
    public const string CustodyDetained = "custody.detained";
    public const string CustodyReleaseScheduled = "custody.release_scheduled";
    public const string CustodyReleased = "custody.released";
    public const string CustodyLeaveGranted = "custody.leave_granted";
    public const string MeasureImposed = "measure.imposed";
    public const string MeasureLifted = "measure.lifted";
    public const string MeasureExpiring = "measure.expiring";
    public const string MeasureBreached = "measure.breached";
    public const string DecisionRecorded = "decision.recorded";
    public const string DecisionOverdue = "decision.overdue";
    public const string DisclosureReceived = "disclosure.received";
    public const string ReferralReceived = "referral.received";
    public const string ReferralAccepted = "referral.accepted";
    public const string ReferralRejected = "referral.rejected";
    public const string ReferralCompleted = "referral.completed";
    public const string HouseholdConfirmationRequested = "household.confirmation_requested";
    public const string TaskAssigned = "task.assigned";
    public const string TaskEscalated = "task.escalated";

    private static EventDefinition Of(string type, DataCategory category, EventRouting routing = EventRouting.None) =>
        new(type, AudienceRule.Category, category, routing, Deliverable: true);

    private static EventDefinition Named(string type, AudienceRule rule) => new(type, rule, null, EventRouting.None, Deliverable: true);

    private static EventDefinition TimelineOnly(string type, AudienceRule rule, DataCategory? category = null) =>
        new(type, rule, category, EventRouting.None, Deliverable: false);

    private static readonly EventDefinition[] Table =
    [
        Of(CaseOpened, DataCategory.Core),
        Of(CaseClosed, DataCategory.Core),
        Of(CaseReopened, DataCategory.Core),
        Named(CaseHouseholdLinked, AudienceRule.Household),
        Of(CaseIncidentRecorded, DataCategory.Facts),
        Of(CaseRiskRaised, DataCategory.Risk),
        TimelineOnly(CaseRiskAssessed, AudienceRule.Category, DataCategory.Risk),
        TimelineOnly(CaseContactChanged, AudienceRule.Category, DataCategory.Contact),
        TimelineOnly(CaseRecordAdded, AudienceRule.RecordCategory),
        Named(CaseConsentGranted, AudienceRule.ConsentParties),
        Named(CaseConsentRevoked, AudienceRule.ConsentParties),
        Named(CaseConsultationOpened, AudienceRule.ConsultationParties),
        // The author's liberty: the victim's zone and its SAPV are candidates; a release always reaches them (act 8).
        Of(CustodyDetained, DataCategory.Judicial, EventRouting.VictimZone),
        Of(CustodyReleaseScheduled, DataCategory.Judicial, EventRouting.ReleaseReach),
        Of(CustodyReleased, DataCategory.Judicial, EventRouting.ReleaseReach),
        Of(CustodyLeaveGranted, DataCategory.Judicial, EventRouting.VictimZone),
        // The police enforce protective measures where the victim lives.
        Of(MeasureImposed, DataCategory.Measures, EventRouting.VictimZonePolice),
        Of(MeasureLifted, DataCategory.Measures, EventRouting.VictimZonePolice),
        Of(MeasureExpiring, DataCategory.Measures, EventRouting.VictimZonePolice),
        // A breach reported by the justice house also reaches the parquet(s) following the measure by legal mission.
        Of(MeasureBreached, DataCategory.Measures, EventRouting.VictimZonePolice | EventRouting.MissionParquets),
        // A decision on a PV: its raiser names the police of the PV's zone (never the victim's zone), kept while they see judicial;
        // a decision on a 458bis disclosure raises none.
        Of(DecisionRecorded, DataCategory.Judicial),
        // The parquet(s) that decide the overdue item, named by the monitor; never followers.
        Named(DecisionOverdue, AudienceRule.AddressedParquet),
        // The addressed parquet alone: not the discloser, not the case's followers (act 6).
        Named(DisclosureReceived, AudienceRule.AddressedParquet),
        Named(ReferralReceived, AudienceRule.ReferralParties),
        Named(ReferralAccepted, AudienceRule.ReferralParties),
        Named(ReferralRejected, AudienceRule.ReferralParties),
        Named(ReferralCompleted, AudienceRule.ReferralParties),
        Named(HouseholdConfirmationRequested, AudienceRule.OtherSideReferents),
        Named(TaskAssigned, AudienceRule.TaskCategory),
        Named(TaskEscalated, AudienceRule.TaskCategory),
    ];

    public static IReadOnlyDictionary<string, EventDefinition> Types { get; } = Table.ToDictionary(d => d.Type, StringComparer.Ordinal);

    /// <summary>The types partners may receive in their inbox and subscribe to.</summary>
    public static IReadOnlyList<string> Deliverable { get; } = [.. Table.Where(d => d.Deliverable).Select(d => d.Type)];

    public static bool IsKnown(string? type) => type is not null && Types.ContainsKey(type);

    public static bool IsDeliverable(string? type) => type is not null && Types.TryGetValue(type, out var definition) && definition.Deliverable;

    public static EventDefinition Get(string type) =>
        Types.TryGetValue(type, out var definition) ? definition : throw new ArgumentException("Not an event type of the catalogue.", nameof(type));

    public static string ForCustody(CustodyEventKind kind) => kind switch
    {
        CustodyEventKind.Detained => CustodyDetained,
        CustodyEventKind.ReleaseScheduled => CustodyReleaseScheduled,
        CustodyEventKind.Released => CustodyReleased,
        CustodyEventKind.LeaveGranted => CustodyLeaveGranted,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The category of a task, hence of its events (DESIGN.md, "Side records are case data too").</summary>
    public static DataCategory TaskCategory(TaskKind kind) => kind switch
    {
        TaskKind.InformVictim => DataCategory.Judicial,
        TaskKind.EvaCallback or TaskKind.ProactiveContact => DataCategory.Contact,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// The category an event belongs to: its own, its task's or its record's. Named audiences have none (null): they
    /// name their agencies instead.
    /// </summary>
    public static DataCategory? CategoryOf(string type, TaskKind? taskKind = null, DataCategory? recordCategory = null)
    {
        var definition = Get(type);
        return definition.Rule switch
        {
            AudienceRule.Category => definition.Category,
            AudienceRule.TaskCategory => taskKind is { } kind ? TaskCategory(kind) : null,
            AudienceRule.RecordCategory => recordCategory,
            _ => null,
        };
    }

    /// <summary>
    /// The category a caller must see for a timeline entry of this type: the event's category (a task's from its kind, a
    /// record's from the record). Null when the category cannot be told (a task or record event without its kind), or
    /// for a named audience, whose entries the timeline decides by its side-record rules.
    /// </summary>
    public static DataCategory? TimelineCategory(string type, TaskKind? taskKind = null, DataCategory? recordCategory = null) =>
        IsKnown(type) ? CategoryOf(type, taskKind, recordCategory) : null;

    /// <summary>
    /// The agencies that hear of one event: its audience rule applied to the candidates, each judged on its own visibility
    /// of the case (<paramref name="visibilityOf"/>: null when the agency has no basis at all). No owner fallback: the
    /// owner hears of a category event only when it sees that category.
    /// </summary>
    public static IReadOnlySet<string> Audience(string type, EventCase @case, Func<string, CaseVisibility?> visibilityOf)
    {
        var definition = Get(type);
        var audience = new SortedSet<string>(StringComparer.Ordinal);
        if (!definition.Deliverable) return audience;

        bool Sees(string agency, DataCategory category) => visibilityOf(agency)?.Sees(category) == true;
        void AddSeeing(IEnumerable<string> candidates, DataCategory category) =>
            audience.UnionWith(candidates.Where(agency => Sees(agency, category)));
        var owner = @case.Owner is { } code ? [code] : Array.Empty<string>();

        switch (definition.Rule)
        {
            case AudienceRule.Category:
                var category = definition.Category!.Value;
                AddSeeing([.. @case.Followers, .. owner, .. @case.Named], category);
                if (definition.Routing.HasFlag(EventRouting.ReleaseReach))
                {
                    // The release itself gives these agencies judicial and contact for this case (act 8).
                    audience.UnionWith(@case.VictimZonePolice);
                    audience.UnionWith(@case.VictimZoneSapv);
                }
                if (definition.Routing.HasFlag(EventRouting.VictimZone)) AddSeeing([.. @case.VictimZonePolice, .. @case.VictimZoneSapv], category);
                if (definition.Routing.HasFlag(EventRouting.VictimZonePolice)) AddSeeing(@case.VictimZonePolice, category);
                if (definition.Routing.HasFlag(EventRouting.MissionParquets))
                {
                    audience.UnionWith((@case.Parquets ?? []).Where(agency =>
                        visibilityOf(agency)?.Granted.TryGetValue(category, out var basis) == true && basis == SharingBasis.LegalMission));
                }
                break;

            case AudienceRule.TaskCategory:
                if (@case.Task is not { } task) break;
                // An escalation also tells the agency escalated to and the owner; each only while it sees the task's category.
                AddSeeing(type == TaskEscalated ? [task.Assignee, task.EscalationAgency, .. owner] : [task.Assignee], TaskCategory(task.Kind));
                break;

            case AudienceRule.ConsentParties:
                if (@case.Consent is not { } consent) break;
                audience.UnionWith(consent.Recipients);
                audience.Add(consent.Recorder);
                if (@case.Owner is { } consentOwner && consent.Categories.All(c => Sees(consentOwner, c))) audience.Add(consentOwner);
                break;

            case AudienceRule.ConsultationParties:
                audience.UnionWith(@case.Named);
                audience.UnionWith(owner);
                break;

            case AudienceRule.AddressedParquet or AudienceRule.ReferralParties or AudienceRule.OtherSideReferents:
                audience.UnionWith(@case.Named);
                break;

            case AudienceRule.Household:
                // Simplified household rule: the agencies that reach the case by legal mission (the household rule gives them
                // every case of it); an agency reaching only another case of the household is not told.
                audience.UnionWith(@case.Followers.Concat(owner).Concat(@case.Named)
                    .Where(agency => visibilityOf(agency)?.Granted.Values.Contains(SharingBasis.LegalMission) == true));
                break;

            case AudienceRule.RecordCategory:
                break;
        }
        return audience;
    }
}
