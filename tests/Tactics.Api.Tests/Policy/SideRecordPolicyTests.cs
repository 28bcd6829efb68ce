using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Sharing;
using Sharing = Tactics.Api.Sharing;

namespace Tactics.Api.Tests.Policy;

/// <summary>Who sees tasks, consent ledger entries, followers, consultations, timeline entries and access-log entries, without a database.</summary>
public sealed class SideRecordPolicyTests
{
    private static SharingCaller Caller(string code, AgencyKind kind) => new(code, kind, new HashSet<string> { "member" });

    private static readonly SharingCaller Sapv = Caller("sapv-5344", AgencyKind.Sapv);
    private static readonly SharingCaller Police = Caller("police-5344", AgencyKind.Police);
    private static readonly SharingCaller Parquet = Caller("parquet-bruxelles", AgencyKind.Parquet);
    private static readonly SharingCaller Cpas = Caller("cpas-saint-josse", AgencyKind.Cpas);
    private static readonly SharingCaller Cpvs = Caller("health-cpvs-bruxelles", AgencyKind.Health);
    private static readonly SharingCaller Praxis = Caller("perpetrator-support-praxis", AgencyKind.PerpetratorSupport);

    private static CaseVisibility Sees(SharingBasis basis, params DataCategory[] categories) =>
        new(categories.ToDictionary(c => c, _ => basis), []);

    private static readonly CaseVisibility CriminalChain = Sees(SharingBasis.LegalMission,
        DataCategory.Core, DataCategory.Identity, DataCategory.Contact, DataCategory.Facts, DataCategory.Children,
        DataCategory.Risk, DataCategory.Judicial, DataCategory.Measures);

    private static readonly CaseVisibility OwnersView = Sees(SharingBasis.OwnRecord,
        DataCategory.Core, DataCategory.Identity, DataCategory.Contact, DataCategory.Children);

    private static readonly TaskFacts Release = new(TaskKind.InformVictim, "sapv-5344", "police-5344", Escalated: false, RaisedBy: "parquet-bruxelles");

    [Theory]
    [InlineData(TaskKind.InformVictim, DataCategory.Judicial)]
    [InlineData(TaskKind.EvaCallback, DataCategory.Contact)]
    [InlineData(TaskKind.ProactiveContact, DataCategory.Contact)]
    public void A_task_takes_the_category_of_what_it_is_about(TaskKind kind, DataCategory category) =>
        Assert.Equal(category, SideRecordPolicy.CategoryOf(kind));

    [Fact]
    public void The_assignee_sees_and_completes_its_task_while_it_sees_the_tasks_category()
    {
        Assert.Equal(new TaskAccess(true, SharingBasis.LegalMission, true), SideRecordPolicy.ForTask(Sapv, Release, CriminalChain));
        Assert.Equal(TaskAccess.None, SideRecordPolicy.ForTask(Sapv, Release, Sees(SharingBasis.Consent, DataCategory.Core, DataCategory.Contact)));
        Assert.Equal(TaskAccess.None, SideRecordPolicy.ForTask(Sapv, Release, null));
    }

    [Fact]
    public void The_agency_escalated_to_hears_of_the_task_only_once_it_escalated()
    {
        Assert.Equal(TaskAccess.None, SideRecordPolicy.ForTask(Police, Release, CriminalChain));
        Assert.Equal(new TaskAccess(true, SharingBasis.LegalMission, true), SideRecordPolicy.ForTask(Police, Release with { Escalated = true }, CriminalChain));
    }

    [Fact]
    public void The_agency_whose_record_raised_the_task_reads_it_and_does_not_complete_it()
    {
        Assert.Equal(new TaskAccess(true, SharingBasis.LegalMission, false), SideRecordPolicy.ForTask(Parquet, Release, CriminalChain));
        Assert.Equal(new TaskAccess(true, SharingBasis.OwnRecord, false), SideRecordPolicy.ForTask(Parquet, Release, null));
    }

    [Fact]
    public void The_owner_as_such_never_sees_a_task_of_a_category_it_does_not_see()
    {
        Assert.Equal(TaskAccess.None, SideRecordPolicy.ForTask(Cpas, Release, OwnersView));
        var callback = new TaskFacts(TaskKind.EvaCallback, "police-5344", "police-5344", false, null);
        Assert.Equal(TaskAccess.None, SideRecordPolicy.ForTask(Cpas, callback, OwnersView));
    }

    private static readonly ConsentEntryFacts IdentityToPraxis = new("police-5344", "perpetrator-support-praxis", null, [DataCategory.Identity]);
    private static readonly ConsentEntryFacts HealthToParquet = new("health-cpvs-bruxelles", "parquet-bruxelles", null, [DataCategory.Health]);

    [Fact]
    public void A_consent_entry_is_for_its_recorder_its_recipient_and_an_owner_that_sees_all_it_grants()
    {
        const string owner = "police-5344";
        Assert.Equal(new ConsentEntryAccess(true, true), SideRecordPolicy.ForConsent(Police, owner, IdentityToPraxis, CriminalChain));
        Assert.Equal(new ConsentEntryAccess(true, false), SideRecordPolicy.ForConsent(Praxis, owner, IdentityToPraxis, Sees(SharingBasis.Consent, DataCategory.Core, DataCategory.Identity)));
        Assert.Equal(ConsentEntryAccess.None, SideRecordPolicy.ForConsent(Praxis, owner, IdentityToPraxis with { RecipientAgencyCode = "victim-support-refuge-bruxelles" }, Sees(SharingBasis.Consent, DataCategory.Core)));
        // The owner police does not see health: a consent to health is not its business.
        Assert.Equal(ConsentEntryAccess.None, SideRecordPolicy.ForConsent(Police, owner, HealthToParquet, CriminalChain));
        Assert.Equal(new ConsentEntryAccess(true, true), SideRecordPolicy.ForConsent(Cpvs, owner, HealthToParquet, Sees(SharingBasis.Consent, DataCategory.Core, DataCategory.Identity)));
        // A legal-mission agency that neither recorded nor received it does not see it.
        Assert.Equal(ConsentEntryAccess.None, SideRecordPolicy.ForConsent(Sapv, owner, IdentityToPraxis, CriminalChain));
    }

    [Fact]
    public void A_consent_to_a_kind_is_for_every_agency_of_that_kind()
    {
        var toKind = new ConsentEntryFacts("police-5344", null, AgencyKind.PerpetratorSupport, [DataCategory.Identity]);
        Assert.True(SideRecordPolicy.ForConsent(Praxis, "police-5344", toKind, Sees(SharingBasis.Consent, DataCategory.Core)).Visible);
        Assert.False(SideRecordPolicy.ForConsent(Cpas, "police-5344", toKind, Sees(SharingBasis.Consent, DataCategory.Core)).Visible);
    }

    [Fact]
    public void The_recorder_the_owner_or_the_recipient_revokes_no_one_else()
    {
        Assert.True(SideRecordPolicy.MayRevoke(Police, "police-5344", IdentityToPraxis, CriminalChain));
        Assert.True(SideRecordPolicy.MayRevoke(Praxis, "police-5344", IdentityToPraxis, Sees(SharingBasis.Consent, DataCategory.Core)));
        Assert.True(SideRecordPolicy.MayRevoke(Police, "police-5344", IdentityToPraxis with { RecordedBy = "sapv-5344" }, CriminalChain));
        Assert.False(SideRecordPolicy.MayRevoke(Sapv, "police-5344", IdentityToPraxis, CriminalChain));
    }

    [Fact]
    public void An_agency_grants_only_what_it_holds()
    {
        var none = new HashSet<DataCategory>();
        // By legal mission: the criminal chain, not social or health.
        Assert.Equal([DataCategory.Social, DataCategory.Health], SideRecordPolicy.NotGrantable(Police, "police-5339", CriminalChain, none,
            [DataCategory.Identity, DataCategory.Facts, DataCategory.Social, DataCategory.Health]));
        // As the owner: core, identity, contact, children.
        Assert.Empty(SideRecordPolicy.NotGrantable(Cpas, "cpas-saint-josse", OwnersView, none,
            [DataCategory.Core, DataCategory.Identity, DataCategory.Contact, DataCategory.Children]));
        Assert.Equal([DataCategory.Risk], SideRecordPolicy.NotGrantable(Cpas, "cpas-saint-josse", OwnersView, none, [DataCategory.Identity, DataCategory.Risk]));
        // What a consent or a 458ter opened is not the recipient's to pass on.
        Assert.Equal([DataCategory.Identity], SideRecordPolicy.NotGrantable(Cpas, "police-5344", Sees(SharingBasis.Consent, DataCategory.Core, DataCategory.Identity), none, [DataCategory.Identity]));
        Assert.Equal([DataCategory.Facts], SideRecordPolicy.NotGrantable(Cpvs, "police-5344", Sees(SharingBasis.CaseConsultation458ter, DataCategory.Facts), none, [DataCategory.Facts]));
        // Social and health: only for records the recorder wrote in that category on this case.
        Assert.Equal([DataCategory.Health], SideRecordPolicy.NotGrantable(Cpvs, "police-5344", Sees(SharingBasis.Consent, DataCategory.Core), none, [DataCategory.Health]));
        Assert.Empty(SideRecordPolicy.NotGrantable(Cpvs, "police-5344", Sees(SharingBasis.Consent, DataCategory.Core), new HashSet<DataCategory> { DataCategory.Health }, [DataCategory.Health]));
        Assert.Equal([DataCategory.InternalNotes], SideRecordPolicy.NotGrantable(Police, "police-5344", CriminalChain, none, [DataCategory.InternalNotes]));
    }

    [Fact]
    public void A_follower_entry_is_for_the_follower_and_an_owner_that_sees_what_its_basis_covers()
    {
        DataCategory[] sapvCovers = [DataCategory.Core, DataCategory.Identity, DataCategory.Contact, DataCategory.Facts, DataCategory.Judicial];
        Assert.True(SideRecordPolicy.ForFollower(Sapv, "cpas-saint-josse", "sapv-5344", sapvCovers, CriminalChain));
        Assert.False(SideRecordPolicy.ForFollower(Cpas, "cpas-saint-josse", "sapv-5344", sapvCovers, OwnersView));
        Assert.True(SideRecordPolicy.ForFollower(Police, "police-5344", "sapv-5344", sapvCovers, CriminalChain));
        Assert.True(SideRecordPolicy.ForFollower(Cpas, "cpas-saint-josse", "victim-support-refuge-bruxelles", [DataCategory.Core, DataCategory.Identity, DataCategory.InternalNotes], OwnersView));
        // Not the owner, not the follower: nothing.
        Assert.False(SideRecordPolicy.ForFollower(Police, "cpas-saint-josse", "sapv-5344", sapvCovers, CriminalChain));
    }

    [Fact]
    public void A_consultation_is_for_its_participants_its_opener_and_the_owner()
    {
        string[] participants = ["health-cpvs-bruxelles"];
        Assert.True(SideRecordPolicy.ForConsultation(Cpvs, "police-5344", "parquet-bruxelles", participants));
        Assert.True(SideRecordPolicy.ForConsultation(Parquet, "police-5344", "parquet-bruxelles", participants));
        Assert.True(SideRecordPolicy.ForConsultation(Police, "police-5344", "parquet-bruxelles", participants));
        Assert.False(SideRecordPolicy.ForConsultation(Sapv, "police-5344", "parquet-bruxelles", participants));
    }

    [Theory]
    [InlineData(EventCatalogue.CaseOpened, TimelineAudience.Category, DataCategory.Core)]
    [InlineData(EventCatalogue.CaseContactChanged, TimelineAudience.Category, DataCategory.Contact)]
    [InlineData(EventCatalogue.CaseIncidentRecorded, TimelineAudience.Category, DataCategory.Facts)]
    [InlineData(EventCatalogue.CaseRiskAssessed, TimelineAudience.Category, DataCategory.Risk)]
    [InlineData(EventCatalogue.CaseRiskRaised, TimelineAudience.Category, DataCategory.Risk)]
    [InlineData(EventCatalogue.CustodyReleased, TimelineAudience.Category, DataCategory.Judicial)]
    [InlineData(EventCatalogue.MeasureImposed, TimelineAudience.Category, DataCategory.Measures)]
    [InlineData(EventCatalogue.CaseRecordAdded, TimelineAudience.Record, null)]
    [InlineData(EventCatalogue.TaskAssigned, TimelineAudience.Task, null)]
    [InlineData(EventCatalogue.CaseConsentGranted, TimelineAudience.Consent, null)]
    [InlineData(EventCatalogue.CaseConsentRevoked, TimelineAudience.Consent, null)]
    [InlineData(EventCatalogue.CaseConsultationOpened, TimelineAudience.Consultation, null)]
    [InlineData(EventCatalogue.CaseHouseholdLinked, TimelineAudience.HouseholdLink, null)]
    [InlineData("case.something_new", TimelineAudience.NoOne, null)]
    public void Each_timeline_entry_takes_the_category_of_what_it_records(string type, TimelineAudience audience, DataCategory? category) =>
        Assert.Equal(new TimelineEntryRule(audience, category), SideRecordPolicy.TimelineRule(type));

    [Fact]
    public void The_household_link_is_for_legal_mission_or_another_case_of_the_household()
    {
        Assert.True(SideRecordPolicy.SeesHouseholdLink(CriminalChain, reachesAnotherCaseOfHousehold: false));
        Assert.False(SideRecordPolicy.SeesHouseholdLink(OwnersView, reachesAnotherCaseOfHousehold: false));
        Assert.False(SideRecordPolicy.SeesHouseholdLink(Sees(SharingBasis.CaseConsultation458ter, DataCategory.Core, DataCategory.Facts), reachesAnotherCaseOfHousehold: false));
        Assert.False(SideRecordPolicy.SeesHouseholdLink(Sees(SharingBasis.Consent, DataCategory.Core, DataCategory.Identity), reachesAnotherCaseOfHousehold: false));
        // Legal mission on any category (act 8 gives judicial and contact) is legal mission on the case.
        Assert.True(SideRecordPolicy.SeesHouseholdLink(Sees(SharingBasis.LegalMission, DataCategory.Judicial), reachesAnotherCaseOfHousehold: false));
        // Reaching another case of the household, on any basis, shows the link between the two.
        Assert.True(SideRecordPolicy.SeesHouseholdLink(Sees(SharingBasis.Consent, DataCategory.Core), reachesAnotherCaseOfHousehold: true));
        Assert.True(SideRecordPolicy.SeesHouseholdLink(OwnersView, reachesAnotherCaseOfHousehold: true));
    }

    [Fact]
    public void Access_log_chain_fields_are_for_the_owners_referent_or_dpo()
    {
        Assert.True(SideRecordPolicy.SeesAccessLogChain(new SharingCaller("cpas-x", AgencyKind.Cpas, new HashSet<string> { "dpo" }), "cpas-x"));
        Assert.True(SideRecordPolicy.SeesAccessLogChain(new SharingCaller("cpas-x", AgencyKind.Cpas, new HashSet<string> { "referent" }), "cpas-x"));
        Assert.False(SideRecordPolicy.SeesAccessLogChain(new SharingCaller("cpas-x", AgencyKind.Cpas, new HashSet<string> { "member" }), "cpas-x"));
        Assert.False(SideRecordPolicy.SeesAccessLogChain(new SharingCaller("sapv-x", AgencyKind.Sapv, new HashSet<string> { "dpo" }), "cpas-x"));
    }

    [Fact]
    public void The_owner_reads_the_access_log_entries_in_categories_it_sees_never_a_458bis_one()
    {
        var shown = SideRecordPolicy.ForOwnersAccessLog(["core:legal_mission", "identity:legal_mission"],
            ["health:consent_required", "social:consent_revoked", "contact:protected_contact"], OwnersView);
        Assert.True(shown.Visible);
        Assert.Equal(["health:consent_required", "contact:protected_contact"], shown.Withheld);
        Assert.False(SideRecordPolicy.ForOwnersAccessLog(["judicial:legal_mission"], [], OwnersView).Visible);
        Assert.False(SideRecordPolicy.ForOwnersAccessLog(["identity:imminent_danger_458bis"], [], CriminalChain).Visible);
        Assert.False(SideRecordPolicy.ForOwnersAccessLog(["identity:imminent_danger458bis"], [], CriminalChain).Visible);
        // A denial gives nothing: it is shown.
        Assert.True(SideRecordPolicy.ForOwnersAccessLog([], [], OwnersView).Visible);
    }

    [Fact]
    public void The_access_log_writes_and_reads_bases_as_the_contract_spells_them()
    {
        Assert.Equal("case_consultation_458ter", Sharing.AccessLog.BasisName(SharingBasis.CaseConsultation458ter));
        Assert.Equal("imminent_danger_458bis", Sharing.AccessLog.BasisName(SharingBasis.ImminentDanger458bis));
        Assert.Equal("legal_mission", Sharing.AccessLog.BasisName(SharingBasis.LegalMission));
        Assert.Equal("own_record", Sharing.AccessLog.BasisName(SharingBasis.OwnRecord));
        Assert.Equal("health:case_consultation_458ter", Sharing.AccessLog.ReadGranted("health:case_consultation458ter"));
        Assert.Equal("identity:imminent_danger_458bis", Sharing.AccessLog.ReadGranted("identity:imminent_danger458bis"));
        Assert.Equal("core:legal_mission", Sharing.AccessLog.ReadGranted("core:legal_mission"));
    }

    [Fact]
    public void A_disclosure_entry_is_told_by_its_basis_in_either_spelling()
    {
        Assert.True(SideRecordPolicy.IsDisclosureEntry(["identity:imminent_danger_458bis", "facts:imminent_danger_458bis"]));
        Assert.True(SideRecordPolicy.IsDisclosureEntry(["identity:imminent_danger458bis"]));
        Assert.False(SideRecordPolicy.IsDisclosureEntry(["identity:legal_mission"]));
        Assert.False(SideRecordPolicy.IsDisclosureEntry([]));
    }
}
