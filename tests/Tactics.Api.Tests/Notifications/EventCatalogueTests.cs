using Tactics.Api.Domain.Tasks;
using Tactics.Api.Sharing;

namespace Tactics.Api.Tests.Notifications;

/// <summary>The one event catalogue, without a database: its table against API-EXAMPLES.md ("Events"), and its audience rules.</summary>
public sealed class EventCatalogueTests
{
    /// <summary>The table of API-EXAMPLES.md ("Events"): type, its rule, its category where the rule is a category.</summary>
    public static TheoryData<string, AudienceRule, DataCategory?> Contract => new()
    {
        { "case.opened", AudienceRule.Category, DataCategory.Core },
        { "case.closed", AudienceRule.Category, DataCategory.Core },
        { "case.reopened", AudienceRule.Category, DataCategory.Core },
        { "case.household_linked", AudienceRule.Household, null },
        { "case.incident_recorded", AudienceRule.Category, DataCategory.Facts },
        { "case.risk_raised", AudienceRule.Category, DataCategory.Risk },
        { "case.consent_granted", AudienceRule.ConsentParties, null },
        { "case.consent_revoked", AudienceRule.ConsentParties, null },
        { "case.consultation_opened", AudienceRule.ConsultationParties, null },
        { "custody.detained", AudienceRule.Category, DataCategory.Judicial },
        { "custody.release_scheduled", AudienceRule.Category, DataCategory.Judicial },
        { "custody.released", AudienceRule.Category, DataCategory.Judicial },
        { "custody.leave_granted", AudienceRule.Category, DataCategory.Judicial },
        { "measure.imposed", AudienceRule.Category, DataCategory.Measures },
        { "measure.lifted", AudienceRule.Category, DataCategory.Measures },
        { "measure.expiring", AudienceRule.Category, DataCategory.Measures },
        { "measure.breached", AudienceRule.Category, DataCategory.Measures },
        { "decision.recorded", AudienceRule.Category, DataCategory.Judicial },
        { "decision.overdue", AudienceRule.AddressedParquet, null },
        { "disclosure.received", AudienceRule.AddressedParquet, null },
        { "referral.received", AudienceRule.ReferralParties, null },
        { "referral.accepted", AudienceRule.ReferralParties, null },
        { "referral.rejected", AudienceRule.ReferralParties, null },
        { "referral.completed", AudienceRule.ReferralParties, null },
        { "household.confirmation_requested", AudienceRule.OtherSideReferents, null },
        { "case.record_added", AudienceRule.RecordCategory, null },
        { "task.assigned", AudienceRule.TaskCategory, null },
        { "task.escalated", AudienceRule.TaskCategory, null },
    };

    [Theory]
    [MemberData(nameof(Contract))]
    public void Each_type_of_the_contract_has_its_audience_rule_and_category(string type, AudienceRule rule, DataCategory? category)
    {
        var definition = EventCatalogue.Get(type);
        Assert.Equal(rule, definition.Rule);
        Assert.Equal(category, definition.Category);
        Assert.Equal(category, EventCatalogue.CategoryOf(type));
    }

    [Fact]
    public void Every_type_has_exactly_one_rule_and_only_category_rules_carry_a_category()
    {
        var types = EventCatalogue.Types.Values.ToList();
        Assert.NotEmpty(types);
        Assert.Equal(types.Count, types.Select(t => t.Type).Distinct().Count());
        var contract = Contract.Select(row => row.Data.Item1).ToHashSet();
        // Every type of the contract is in the table; the table adds only timeline-only types.
        Assert.Subset(EventCatalogue.Types.Keys.ToHashSet(), contract);
        Assert.All(types.Where(t => !contract.Contains(t.Type)), t => Assert.False(t.Deliverable, t.Type));
        Assert.All(types.Where(t => t.Rule is AudienceRule.Category), t => Assert.NotNull(t.Category));
        Assert.All(types.Where(t => t.Rule is not AudienceRule.Category), t => Assert.Null(t.Category));
        // Role routing rides on category audiences only.
        Assert.All(types.Where(t => t.Routing != EventRouting.None), t => Assert.Equal(AudienceRule.Category, t.Rule));
    }

    [Theory]
    [InlineData("case.record_added")]
    [InlineData("case.risk_assessed")]
    [InlineData("case.contact_changed")]
    public void Timeline_only_types_are_never_deliverable_and_have_no_audience(string type)
    {
        Assert.True(EventCatalogue.IsKnown(type));
        Assert.False(EventCatalogue.IsDeliverable(type));
        Assert.DoesNotContain(type, EventCatalogue.Deliverable);
        var everyone = new EventCase("police-5344", ["sapv-5344"], ["cpas-saint-josse"], ["police-5344"], ["sapv-5344"]);
        Assert.Empty(EventCatalogue.Audience(type, everyone, _ => SeesAll));
    }

    [Fact]
    public void Only_known_types_are_deliverable()
    {
        Assert.False(EventCatalogue.IsDeliverable("custody.escaped"));
        Assert.False(EventCatalogue.IsDeliverable(null));
        Assert.Equal(EventCatalogue.Types.Values.Count(t => t.Deliverable), EventCatalogue.Deliverable.Count);
    }

    [Theory]
    [InlineData(TaskKind.InformVictim, DataCategory.Judicial)]
    [InlineData(TaskKind.EvaCallback, DataCategory.Contact)]
    [InlineData(TaskKind.ProactiveContact, DataCategory.Contact)]
    public void A_task_event_takes_the_category_of_its_tasks_kind(TaskKind kind, DataCategory category)
    {
        Assert.Equal(category, EventCatalogue.TaskCategory(kind));
        Assert.Equal(category, EventCatalogue.CategoryOf(EventCatalogue.TaskAssigned, kind));
        Assert.Equal(category, EventCatalogue.TimelineCategory(EventCatalogue.TaskEscalated, kind));
        Assert.Null(EventCatalogue.TimelineCategory(EventCatalogue.TaskAssigned));
    }

    private static readonly CaseVisibility SeesAll = Visibility([.. Enum.GetValues<DataCategory>()]);

    private static CaseVisibility Visibility(DataCategory[] categories, SharingBasis basis = SharingBasis.Consent) =>
        new(categories.ToDictionary(c => c, _ => basis),
            Enum.GetValues<DataCategory>().Except(categories).Select(c => new WithheldCategory(c, WithheldReason.ConsentRequired)));

    private static readonly CaseVisibility CoreOnly = Visibility([DataCategory.Core, DataCategory.Identity, DataCategory.Contact, DataCategory.Children], SharingBasis.OwnRecord);

    [Fact]
    public void A_release_skips_an_owner_that_does_not_see_judicial_and_always_reaches_the_victims_zone()
    {
        var @case = new EventCase("cpas-saint-josse", ["victim-support-refuge-bruxelles", "parquet-bruxelles"], [], ["police-5344"], ["sapv-5344"]);
        var visibilities = new Dictionary<string, CaseVisibility>
        {
            ["cpas-saint-josse"] = CoreOnly,
            ["victim-support-refuge-bruxelles"] = Visibility([DataCategory.Core, DataCategory.Facts]),
            ["parquet-bruxelles"] = Visibility([DataCategory.Core, DataCategory.Judicial], SharingBasis.LegalMission),
        };

        // The victim's zone hears of a release even without any basis known here (act 8 gives it).
        Assert.Equal(["parquet-bruxelles", "police-5344", "sapv-5344"],
            EventCatalogue.Audience(EventCatalogue.CustodyReleased, @case, visibilities.GetValueOrDefault));
        // A detention reaches the zone only while it sees judicial.
        Assert.Equal(["parquet-bruxelles"], EventCatalogue.Audience(EventCatalogue.CustodyDetained, @case, visibilities.GetValueOrDefault));
        // Core events: the owner and the followers that see core.
        Assert.Equal(["cpas-saint-josse", "parquet-bruxelles", "victim-support-refuge-bruxelles"],
            EventCatalogue.Audience(EventCatalogue.CaseClosed, @case, visibilities.GetValueOrDefault));
    }

    [Fact]
    public void A_task_event_reaches_its_assignee_and_on_escalation_the_agency_escalated_to_and_the_owner_while_they_see_its_category()
    {
        var task = new TaskParties(TaskKind.InformVictim, "sapv-5344", "police-5344");
        var @case = new EventCase("cpas-saint-josse", ["victim-support-refuge-bruxelles"], ["health-cpvs-bruxelles"], ["police-5344"], ["sapv-5344"], task);
        var judicial = Visibility([DataCategory.Core, DataCategory.Judicial], SharingBasis.LegalMission);
        var seen = new Dictionary<string, CaseVisibility>
        {
            ["sapv-5344"] = judicial,
            ["police-5344"] = judicial,
            ["cpas-saint-josse"] = CoreOnly,
            ["victim-support-refuge-bruxelles"] = SeesAll,
            ["health-cpvs-bruxelles"] = SeesAll,
        };

        Assert.Equal(["sapv-5344"], EventCatalogue.Audience(EventCatalogue.TaskAssigned, @case, seen.GetValueOrDefault));
        // The CPAS owner does not see judicial: not even the escalation reaches it; followers never hear of a task.
        Assert.Equal(["police-5344", "sapv-5344"], EventCatalogue.Audience(EventCatalogue.TaskEscalated, @case, seen.GetValueOrDefault));
        seen["cpas-saint-josse"] = judicial;
        Assert.Equal(["cpas-saint-josse", "police-5344", "sapv-5344"], EventCatalogue.Audience(EventCatalogue.TaskEscalated, @case, seen.GetValueOrDefault));
        Assert.Equal(["sapv-5344"], EventCatalogue.Audience(EventCatalogue.TaskAssigned, @case, seen.GetValueOrDefault));
        seen["cpas-saint-josse"] = CoreOnly;

        // An assignee that does not see the task's category hears nothing of it.
        seen["sapv-5344"] = CoreOnly;
        Assert.Empty(EventCatalogue.Audience(EventCatalogue.TaskAssigned, @case, seen.GetValueOrDefault));
        // A contact task: the SAPV and the CPAS owner now see contact but not judicial, the police judicial but not contact.
        var callback = @case with { Task = new TaskParties(TaskKind.EvaCallback, "sapv-5344", "police-5344") };
        Assert.Equal(["sapv-5344"], EventCatalogue.Audience(EventCatalogue.TaskAssigned, callback, seen.GetValueOrDefault));
        Assert.Equal(["cpas-saint-josse", "sapv-5344"], EventCatalogue.Audience(EventCatalogue.TaskEscalated, callback, seen.GetValueOrDefault));
        Assert.Empty(EventCatalogue.Audience(EventCatalogue.TaskAssigned, @case with { Task = null }, _ => SeesAll));
    }

    [Fact]
    public void A_consent_event_reaches_its_parties_and_the_owner_only_when_it_sees_every_category_granted()
    {
        var @case = new EventCase("cpas-saint-josse", ["sapv-5344"], [], [], [],
            Consent: new ConsentParties(["victim-support-refuge-bruxelles"], "police-5344", [DataCategory.Identity, DataCategory.Facts]));
        var seen = new Dictionary<string, CaseVisibility> { ["cpas-saint-josse"] = CoreOnly, ["sapv-5344"] = SeesAll };

        Assert.Equal(["police-5344", "victim-support-refuge-bruxelles"], EventCatalogue.Audience(EventCatalogue.CaseConsentGranted, @case, seen.GetValueOrDefault));

        var identityOnly = @case with { Consent = @case.Consent! with { Categories = [DataCategory.Identity] } };
        Assert.Equal(["cpas-saint-josse", "police-5344", "victim-support-refuge-bruxelles"],
            EventCatalogue.Audience(EventCatalogue.CaseConsentRevoked, identityOnly, seen.GetValueOrDefault));
        Assert.Empty(EventCatalogue.Audience(EventCatalogue.CaseConsentGranted, @case with { Consent = null }, _ => SeesAll));
    }

    [Fact]
    public void Named_audiences_go_to_the_named_agencies_only()
    {
        var @case = new EventCase("police-5344", ["sapv-5344"], ["parquet-bruxelles"], ["police-5344"], ["sapv-5344"]);
        foreach (var type in new[] { EventCatalogue.DisclosureReceived, EventCatalogue.DecisionOverdue, EventCatalogue.ReferralReceived,
                     EventCatalogue.ReferralCompleted, EventCatalogue.HouseholdConfirmationRequested })
        {
            Assert.Equal(["parquet-bruxelles"], EventCatalogue.Audience(type, @case, _ => SeesAll));
        }
        // A consultation: its participants and opener (named), and the owner.
        Assert.Equal(["parquet-bruxelles", "police-5344"], EventCatalogue.Audience(EventCatalogue.CaseConsultationOpened, @case, _ => null));
    }

    [Fact]
    public void The_household_link_reaches_only_agencies_that_reach_the_case_by_legal_mission()
    {
        var @case = new EventCase("cpas-saint-josse", ["sapv-5344", "victim-support-refuge-bruxelles"], [], [], []);
        var seen = new Dictionary<string, CaseVisibility>
        {
            ["cpas-saint-josse"] = CoreOnly,
            ["sapv-5344"] = Visibility([DataCategory.Core, DataCategory.Facts], SharingBasis.LegalMission),
            ["victim-support-refuge-bruxelles"] = SeesAll,
        };
        Assert.Equal(["sapv-5344"], EventCatalogue.Audience(EventCatalogue.CaseHouseholdLinked, @case, seen.GetValueOrDefault));
    }
}
