using Tactics.Api.Domain.Agencies;
using Tactics.Api.Sharing;

namespace Tactics.Api.Tests.Policy;

/// <summary>The decision function alone: every kind × every category, and the consent states.</summary>
public sealed class SharingPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid CaseId = Guid.Parse("6f1c0000-0000-0000-0000-000000000001");

    private static readonly Dictionary<AgencyKind, string> AgencyOf = new()
    {
        [AgencyKind.Police] = "police-5344",
        [AgencyKind.Parquet] = "parquet-bruxelles",
        [AgencyKind.Sapv] = "sapv-5344",
        [AgencyKind.Cpas] = "cpas-saint-josse",
        [AgencyKind.Health] = "health-cpvs-bruxelles",
        [AgencyKind.VictimSupport] = "victim-support-refuge-bruxelles",
        [AgencyKind.PerpetratorSupport] = "perpetrator-support-praxis",
        [AgencyKind.JusticeHouse] = "justice-house-bruxelles",
        [AgencyKind.Coordination] = "coordination-olista",
    };

    private static SharingCaller Caller(AgencyKind kind) => new(AgencyOf[kind], kind, new HashSet<string> { "member" });

    private static CaseSharingFacts Case(bool inTerritory = true, string owner = "police-5339", bool ownEntries = false,
        ConsentFact[]? consents = null, ConsultationFact[]? consultations = null) =>
        new(CaseId, owner, inTerritory, ownEntries, consents ?? [], consultations ?? []);

    private static ConsentFact Consent(AgencyKind? kind = null, string? code = null, DataCategory[]? categories = null,
        DateTimeOffset? from = null, DateTimeOffset? until = null, DateTimeOffset? revokedAt = null) =>
        new(Guid.NewGuid(), code, code is null ? kind : null, (categories ?? [DataCategory.Identity, DataCategory.Contact, DataCategory.Social]).ToHashSet(),
            from ?? Now.AddDays(-1), until ?? Now.AddDays(30), revokedAt);

    public static TheoryData<AgencyKind, DataCategory, bool> MissionMatrix()
    {
        var data = new TheoryData<AgencyKind, DataCategory, bool>();
        var chain = new[] { DataCategory.Core, DataCategory.Identity, DataCategory.Contact, DataCategory.Facts, DataCategory.Children, DataCategory.Risk, DataCategory.Judicial, DataCategory.Measures };
        foreach (var kind in Enum.GetValues<AgencyKind>())
        {
            foreach (var category in Enum.GetValues<DataCategory>())
            {
                var expected = kind switch
                {
                    AgencyKind.Police or AgencyKind.Parquet or AgencyKind.Sapv => chain.Contains(category),
                    AgencyKind.JusticeHouse => category is DataCategory.Core or DataCategory.Identity or DataCategory.Judicial or DataCategory.Measures,
                    AgencyKind.Coordination => category == DataCategory.Core,
                    _ => false,
                };
                data.Add(kind, category, expected);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MissionMatrix))]
    public void Legal_mission_inside_the_territory_opens_exactly_the_documented_categories(AgencyKind kind, DataCategory category, bool expected)
    {
        var decision = SharingPolicy.Decide(Caller(kind), Case(), category, SharingAction.Read, Now);

        Assert.Equal(expected, decision.Permitted);
        if (expected) Assert.Equal(SharingBasis.LegalMission, decision.Basis);
        else Assert.NotNull(decision.Reason);
    }

    [Fact]
    public void Outside_its_territory_the_police_has_no_basis_and_is_told_outside_mission()
    {
        var decision = SharingPolicy.Decide(Caller(AgencyKind.Police), Case(inTerritory: false), DataCategory.Facts, SharingAction.Read, Now);
        Assert.Equal(SharingDecision.Deny(WithheldReason.OutsideMission), decision);
    }

    [Fact]
    public void Consent_opens_its_categories_and_the_case_itself_to_its_recipient_only()
    {
        var @case = Case(consents: [Consent(code: "cpas-saint-josse")]);
        var cpas = Caller(AgencyKind.Cpas);

        Assert.Equal(SharingDecision.Permit(SharingBasis.Consent), SharingPolicy.Decide(cpas, @case, DataCategory.Core, SharingAction.Read, Now));
        Assert.Equal(SharingDecision.Permit(SharingBasis.Consent), SharingPolicy.Decide(cpas, @case, DataCategory.Social, SharingAction.Read, Now));
        Assert.Equal(SharingDecision.Deny(WithheldReason.ConsentRequired), SharingPolicy.Decide(cpas, @case, DataCategory.Facts, SharingAction.Read, Now));
        Assert.False(SharingPolicy.Decide(Caller(AgencyKind.VictimSupport), @case, DataCategory.Core, SharingAction.Read, Now).Permitted);
    }

    [Fact]
    public void Consent_to_an_agency_kind_reaches_every_agency_of_that_kind()
    {
        var @case = Case(consents: [Consent(kind: AgencyKind.VictimSupport, categories: [DataCategory.Identity])]);
        Assert.Equal(SharingBasis.Consent, SharingPolicy.Decide(Caller(AgencyKind.VictimSupport), @case, DataCategory.Identity, SharingAction.Read, Now).Basis);
    }

    [Fact]
    public void A_revoked_consent_stops_access_from_the_revocation_on()
    {
        var @case = Case(consents: [Consent(code: "cpas-saint-josse", revokedAt: Now.AddMinutes(-1))]);
        var cpas = Caller(AgencyKind.Cpas);

        Assert.Equal(SharingDecision.Deny(WithheldReason.ConsentRevoked), SharingPolicy.Decide(cpas, @case, DataCategory.Social, SharingAction.Read, Now));
        Assert.False(SharingPolicy.Decide(cpas, @case, DataCategory.Core, SharingAction.Read, Now).Permitted);
        Assert.True(SharingPolicy.Decide(cpas, @case, DataCategory.Social, SharingAction.Read, Now.AddMinutes(-2)).Permitted);
    }

    [Fact]
    public void An_expired_consent_is_withheld_as_expired_and_a_future_one_is_not_yet_valid()
    {
        var expired = Case(consents: [Consent(code: "cpas-saint-josse", from: Now.AddDays(-10), until: Now.AddSeconds(-1))]);
        Assert.Equal(SharingDecision.Deny(WithheldReason.ConsentExpired), SharingPolicy.Decide(Caller(AgencyKind.Cpas), expired, DataCategory.Social, SharingAction.Read, Now));

        var future = Case(consents: [Consent(code: "cpas-saint-josse", from: Now.AddDays(1), until: Now.AddDays(2))]);
        Assert.Equal(SharingDecision.Deny(WithheldReason.ConsentRequired), SharingPolicy.Decide(Caller(AgencyKind.Cpas), future, DataCategory.Social, SharingAction.Read, Now));
    }

    [Fact]
    public void A_consultation_opens_everything_but_internal_notes_to_participants_until_its_end()
    {
        var @case = Case(inTerritory: false, consultations: [new ConsultationFact(new HashSet<string> { "health-cpvs-bruxelles" }, Now.AddDays(5))]);
        var health = Caller(AgencyKind.Health);

        foreach (var category in Enum.GetValues<DataCategory>())
        {
            var decision = SharingPolicy.Decide(health, @case, category, SharingAction.Read, Now);
            Assert.Equal(category != DataCategory.InternalNotes, decision.Permitted);
        }
        Assert.False(SharingPolicy.Decide(health, @case, DataCategory.Health, SharingAction.Read, Now.AddDays(5)).Permitted);
        Assert.False(SharingPolicy.Decide(Caller(AgencyKind.Cpas), @case, DataCategory.Core, SharingAction.Read, Now).Permitted);
    }

    [Fact]
    public void Health_data_leaves_its_agency_only_with_consent_or_458ter()
    {
        foreach (var kind in Enum.GetValues<AgencyKind>().Where(k => k != AgencyKind.Health))
        {
            var decision = SharingPolicy.Decide(Caller(kind), Case(owner: AgencyOf[kind], ownEntries: true), DataCategory.Health, SharingAction.Read, Now);
            Assert.False(decision.Permitted, $"{kind} read health data without consent or 458ter");
        }
        var consented = Case(consents: [Consent(code: "police-5344", categories: [DataCategory.Health])]);
        Assert.Equal(SharingBasis.Consent, SharingPolicy.Decide(Caller(AgencyKind.Police), consented, DataCategory.Health, SharingAction.Read, Now).Basis);
    }

    [Fact]
    public void Perpetrator_support_never_sees_the_victims_contact_whatever_consent_or_consultation_says()
    {
        var @case = Case(owner: "perpetrator-support-praxis",
            consents: [Consent(code: "perpetrator-support-praxis", categories: [DataCategory.Contact])],
            consultations: [new ConsultationFact(new HashSet<string> { "perpetrator-support-praxis" }, Now.AddDays(1))]);

        Assert.Equal(SharingDecision.Deny(WithheldReason.ProtectedContact),
            SharingPolicy.Decide(Caller(AgencyKind.PerpetratorSupport), @case, DataCategory.Contact, SharingAction.Read, Now));
    }

    [Fact]
    public void Internal_notes_never_leave_their_agency()
    {
        foreach (var kind in Enum.GetValues<AgencyKind>())
        {
            var @case = Case(owner: AgencyOf[kind], consultations: [new ConsultationFact(new HashSet<string> { AgencyOf[kind] }, Now.AddDays(1))]);
            Assert.Equal(SharingDecision.Deny(WithheldReason.NeverShared), SharingPolicy.Decide(Caller(kind), @case, DataCategory.InternalNotes, SharingAction.Read, Now));
            Assert.Equal(SharingBasis.OwnRecord, SharingPolicy.DecideEntry(Caller(kind), @case, DataCategory.InternalNotes, AgencyOf[kind], Now).Basis);
            Assert.False(SharingPolicy.DecideEntry(Caller(kind), @case, DataCategory.InternalNotes, "someone-else", Now).Permitted);
        }
    }

    [Fact]
    public void The_opening_agency_keeps_what_it_entered_but_not_what_others_wrote()
    {
        var @case = Case(inTerritory: false, owner: "cpas-saint-josse");
        var cpas = Caller(AgencyKind.Cpas);

        Assert.Equal(SharingBasis.OwnRecord, SharingPolicy.Decide(cpas, @case, DataCategory.Identity, SharingAction.Read, Now).Basis);
        Assert.False(SharingPolicy.Decide(cpas, @case, DataCategory.Facts, SharingAction.Read, Now).Permitted);
        Assert.Equal(SharingBasis.OwnRecord, SharingPolicy.DecideEntry(cpas, @case, DataCategory.Social, "cpas-saint-josse", Now).Basis);
    }

    [Fact]
    public void No_basis_at_all_denies_the_case_itself()
    {
        foreach (var kind in new[] { AgencyKind.Cpas, AgencyKind.Health, AgencyKind.VictimSupport, AgencyKind.PerpetratorSupport })
        {
            Assert.False(SharingPolicy.Decide(Caller(kind), Case(), DataCategory.Core, SharingAction.Read, Now).Permitted);
        }
        Assert.False(SharingPolicy.Decide(Caller(AgencyKind.Police), Case(inTerritory: false), DataCategory.Core, SharingAction.Read, Now).Permitted);
    }

    [Fact]
    public void Writing_a_kind_specific_category_needs_a_writer_kind_and_the_case_visible()
    {
        var @case = Case(consents: [Consent(code: "cpas-saint-josse", categories: [DataCategory.Social]), Consent(code: "health-cpvs-bruxelles", categories: [DataCategory.Health])]);

        Assert.True(SharingPolicy.Decide(Caller(AgencyKind.Cpas), @case, DataCategory.Social, SharingAction.Write, Now).Permitted);
        Assert.Equal(SharingDecision.Deny(WithheldReason.OutsideMission), SharingPolicy.Decide(Caller(AgencyKind.Cpas), @case, DataCategory.Health, SharingAction.Write, Now));
        Assert.True(SharingPolicy.Decide(Caller(AgencyKind.Health), @case, DataCategory.Health, SharingAction.Write, Now).Permitted);
        Assert.True(SharingPolicy.Decide(Caller(AgencyKind.Cpas), @case, DataCategory.InternalNotes, SharingAction.Write, Now).Permitted);
        Assert.False(SharingPolicy.Decide(Caller(AgencyKind.VictimSupport), @case, DataCategory.InternalNotes, SharingAction.Write, Now).Permitted);
        Assert.True(SharingPolicy.Decide(Caller(AgencyKind.Police), @case, DataCategory.Facts, SharingAction.Write, Now).Permitted);
        Assert.False(SharingPolicy.Decide(Caller(AgencyKind.Sapv), @case, DataCategory.Facts, SharingAction.Write, Now).Permitted);
    }

    [Fact]
    public void Own_entries_alone_give_no_case()
    {
        var @case = Case(inTerritory: false, ownEntries: true, consents: [Consent(code: "cpas-saint-josse", revokedAt: Now.AddHours(-1))]);
        var cpas = Caller(AgencyKind.Cpas);
        Assert.False(SharingPolicy.Decide(cpas, @case, DataCategory.Core, SharingAction.Read, Now).Permitted);
        Assert.False(SharingPolicy.Decide(cpas, @case, DataCategory.Social, SharingAction.Write, Now).Permitted);
        // Its own entry it still reads.
        Assert.Equal(SharingBasis.OwnRecord, SharingPolicy.DecideEntry(cpas, @case, DataCategory.Social, "cpas-saint-josse", Now).Basis);
    }

    [Theory]
    [InlineData(AgencyKind.Cpas, DataCategory.Social, true)]
    [InlineData(AgencyKind.Health, DataCategory.Health, true)]
    [InlineData(AgencyKind.Cpas, DataCategory.InternalNotes, true)]
    [InlineData(AgencyKind.Cpas, DataCategory.Health, false)]
    [InlineData(AgencyKind.Cpas, DataCategory.Risk, false)]
    [InlineData(AgencyKind.Health, DataCategory.Facts, false)]
    [InlineData(AgencyKind.Police, DataCategory.Facts, false)]
    public void A_consent_to_identity_lets_a_partner_write_its_own_kind_s_records_and_nothing_it_does_not_see(AgencyKind kind, DataCategory category, bool permitted)
    {
        // A consent to identity only, outside the caller's territory: the case is visible, its other categories are not.
        var @case = Case(inTerritory: false, consents: [Consent(code: AgencyOf[kind], categories: [DataCategory.Identity])]);
        Assert.Equal(permitted, SharingPolicy.Decide(Caller(kind), @case, category, SharingAction.Write, Now).Permitted);
    }

    [Fact]
    public void A_risk_assessment_needs_risk_in_sight()
    {
        var coordination = Caller(AgencyKind.Coordination);
        Assert.True(SharingPolicy.Decide(coordination, Case(), DataCategory.Core, SharingAction.Read, Now).Permitted);
        Assert.False(SharingPolicy.Decide(coordination, Case(), DataCategory.Risk, SharingAction.Write, Now).Permitted);
        Assert.True(SharingPolicy.Decide(Caller(AgencyKind.Sapv), Case(), DataCategory.Risk, SharingAction.Write, Now).Permitted);
    }

    [Theory]
    [InlineData(AgencyKind.Police, DataCategory.Judicial, true)]
    [InlineData(AgencyKind.Police, DataCategory.Contact, true)]
    [InlineData(AgencyKind.Sapv, DataCategory.Judicial, true)]
    [InlineData(AgencyKind.Police, DataCategory.Facts, false)]
    [InlineData(AgencyKind.Police, DataCategory.Identity, false)]
    [InlineData(AgencyKind.Cpas, DataCategory.Judicial, false)]
    public void A_release_gives_the_victim_s_zone_police_and_sapv_judicial_and_contact_only(AgencyKind kind, DataCategory category, bool permitted)
    {
        var @case = new CaseSharingFacts(CaseId, "police-5345", false, false, [], [], ReachedByRelease: true);
        Assert.Equal(permitted, SharingPolicy.Decide(Caller(kind), @case, category, SharingAction.Read, Now).Permitted);
    }

    [Fact]
    public void A_confidential_address_is_read_by_its_recorder_and_the_victim_s_zone_police_and_changed_by_its_recorder_alone()
    {
        var shelter = new ProtectedAddress(true, "1210", "cpas-saint-josse");
        var none = new ProtectedAddress(false, null, null);
        Assert.False(ContactPolicy.AddressProtected("cpas-saint-josse", AgencyKind.Cpas, [], "police-5345", shelter, none));
        Assert.False(ContactPolicy.AddressProtected("police-5344", AgencyKind.Police, ["1210"], "police-5345", shelter, none));
        Assert.True(ContactPolicy.AddressProtected("sapv-5344", AgencyKind.Sapv, ["1210"], "police-5345", shelter, none));
        Assert.True(ContactPolicy.AddressProtected("police-5345", AgencyKind.Police, ["2000"], "police-5345", shelter, none));
        Assert.True(ContactPolicy.MayChangeAddress("cpas-saint-josse", "police-5345", shelter));
        Assert.False(ContactPolicy.MayChangeAddress("police-5344", "police-5345", shelter));
        Assert.False(ContactPolicy.MayChangeAddress("police-5345", "police-5345", shelter));
        Assert.True(ContactPolicy.MayChangeAddress("police-5345", "police-5345", new ProtectedAddress(true, "1210", null)));
        Assert.True(ContactPolicy.MayChangeAddress("police-5344", "police-5345", none));
    }
}
