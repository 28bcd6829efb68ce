using System.Net;
using System.Text.Json.Nodes;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Households;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Policy.Reach;
using static Tactics.Api.Tests.Policy.Reach.ReachScenario;

namespace Tactics.Api.Tests.Policy;

/// <summary>
/// Reach invariance (DESIGN.md, "What no write may do"): for every write route and every caller state, every demo agency's
/// decision on every category of every case of a world is read through <c>GET /cases/{id}</c> before the write and after it.
/// A gain that none of the deliberate acts 1–8 allows, as DESIGN.md states them, fails the row, naming the route, the
/// caller and the agency that gained what. Losses are fine. Each row has a world of its own, in a host and database of its own.
/// </summary>
[Collection(ReachCollection.Name)]
public sealed class ReachInvarianceTests(ReachHost host, ITestOutputHelper output)
{
    private const string N = "N";
    private const string A = "A";
    private const string S = "S";
    private const string X = "X";

    private delegate Task Row(ReachScenario scenario, World world);

    private static string Cases(Guid id, string rest = "") => $"/api/v1/cases/{id}{rest}";

    private static object Until => DateTimeOffset.UtcNow.AddDays(10);

    private static readonly Dictionary<string, Row> Rows = new()
    {
        // ---- POST /cases (act 4) ----
        ["POST /cases | legal-mission opener sapv-5344, the national-number pair of the Antwerp case"] = async (s, w) =>
            await s.WriteAsync("sapv-5344", c => c.PostCase(World.Body(w[A].Couple, "1210", false, "1210")), new OpenCaseAct("sapv-5344", "1210", false, "1210")),
        ["POST /cases | non-mission opener cpas-saint-josse, the national-number pair of the Antwerp case"] = async (s, w) =>
            await s.WriteAsync("cpas-saint-josse", c => c.PostCase(World.Body(w[A].Couple, "1210", false, "1210")), new OpenCaseAct("cpas-saint-josse", "1210", false, "1210")),
        ["POST /cases | the shelter opens with a confidential victim address in Ixelles (1050)"] = async (s, w) =>
            await s.WriteAsync("victim-support-refuge-bruxelles", c => c.PostCase(World.Body(Couple.Fresh(), "1050", true, null)),
                new OpenCaseAct("victim-support-refuge-bruxelles", "1050", true, null)),
        ["POST /cases | police-5344 opens with a confidential victim address in Ixelles (1050)"] = async (s, w) =>
            await s.WriteAsync("police-5344", c => c.PostCase(World.Body(Couple.Fresh(), "1050", true, null)), new OpenCaseAct("police-5344", "1050", true, null)),
        ["POST /cases | police-5345 opens an Antwerp case whose author has a confidential address in Saint-Josse (1210)"] = async (s, w) =>
            await s.WriteAsync("police-5345", c => c.PostCase(World.Body(Couple.Fresh(), "2000", false, "1210", authorConfidential: true)),
                new OpenCaseAct("police-5345", "2000", false, "1210", AuthorConfidential: true)),

        // ---- POST /disclosures (act 6) ----
        ["POST /disclosures | cpas-saint-josse (foreign), the Antwerp victim's name and birth date, postcode 1210"] = async (s, w) =>
            await s.WriteAsync("cpas-saint-josse", Post("/api/v1/disclosures", Disclosure(w[A].Couple.LastName, w[A].Couple.Victim.BirthDate, null, "1210")),
                new DisclosureAct("parquet-bruxelles")),
        ["POST /disclosures | health-cpvs (consent), the national number of N's victim (a case parquet-bruxelles reaches)"] = async (s, w) =>
            await s.WriteAsync("health-cpvs-bruxelles", Post("/api/v1/disclosures", Disclosure(w[N].Couple.LastName, w[N].Couple.Victim.BirthDate, w[N].Couple.Victim.Number, "1210")),
                new DisclosureAct("parquet-bruxelles")),
        ["POST /disclosures | victim-support (foreign), a victim unknown to the partnership, postcode 1210"] = async (s, w) =>
        {
            var fresh = Couple.Fresh();
            await s.WriteAsync("victim-support-refuge-bruxelles", Post("/api/v1/disclosures", Disclosure(fresh.LastName, fresh.Victim.BirthDate, fresh.Victim.Number, "1210")),
                new DisclosureAct("parquet-bruxelles"));
        },
        ["POST /disclosures | health-cpvs (consent on N), N's victim's name and birth date with an Antwerp postcode"] = async (s, w) =>
            await s.WriteAsync("health-cpvs-bruxelles", Post("/api/v1/disclosures", Disclosure(w[N].Couple.LastName, w[N].Couple.Victim.BirthDate, null, "2000")),
                new DisclosureAct("parquet-antwerpen")),

        // ---- PATCH /cases/{id} (act 7) ----
        ["PATCH /cases/{id} address | owner police-5344 moves N's victim to Ixelles (1050)"] = async (s, w) =>
            await s.WriteAsync("police-5344", Patch(w[N].Id, AddressPatch("1050", false)), new AddressChangeAct(w[N].Id, "1050", false, false, null),
                onSuccess: () => w[N].VictimPostcode = "1050"),
        ["PATCH /cases/{id} address | legal mission sapv-5344 moves N's victim to Antwerp (2000)"] = async (s, w) =>
            await s.WriteAsync("sapv-5344", Patch(w[N].Id, AddressPatch("2000", false)), new AddressChangeAct(w[N].Id, "2000", false, false, null),
                onSuccess: () => w[N].VictimPostcode = "2000"),
        ["PATCH /cases/{id} address | consent without contact cpas-saint-josse moves N's victim to Antwerp (2000)"] = async (s, w) =>
            await s.WriteAsync("cpas-saint-josse", Patch(w[N].Id, AddressPatch("2000", false)), new AddressChangeAct(w[N].Id, "2000", false, false, null),
                onSuccess: () => w[N].VictimPostcode = "2000"),
        ["PATCH /cases/{id} address | owner police-5344 moves N's victim to a confidential address in Ixelles (1050)"] = async (s, w) =>
            await s.WriteAsync("police-5344", Patch(w[N].Id, AddressPatch("1050", true)), new AddressChangeAct(w[N].Id, "1050", true, false, null),
                onSuccess: () => (w[N].VictimPostcode, w[N].VictimConfidential, w[N].AddressRecorder) = ("1050", true, "police-5344")),
        ["PATCH /cases/{id} confidential=false | victim-zone police police-5344 (legal mission, not the recorder) on the shelter case S"] = Needs([S], async (s, w) =>
            await s.WriteAsync("police-5344", Patch(w[S].Id, """{ "victim": { "address": { "confidential": false } } }"""),
                new AddressChangeAct(w[S].Id, "1210", false, true, w[S].AddressRecorder), onSuccess: () => w[S].VictimConfidential = false)),
        ["PATCH /cases/{id} confidential=false | owner and recorder (the shelter) on S"] = Needs([S], async (s, w) =>
            await s.WriteAsync("victim-support-refuge-bruxelles", Patch(w[S].Id, """{ "victim": { "address": { "confidential": false } } }"""),
                new AddressChangeAct(w[S].Id, "1210", false, true, w[S].AddressRecorder), onSuccess: () => w[S].VictimConfidential = false)),
        ["PATCH /cases/{id} address | victim-zone police police-5344 (not the recorder) moves S's confidential victim to a plain address in Ixelles (1050)"] = Needs([S], async (s, w) =>
            await s.WriteAsync("police-5344", Patch(w[S].Id, AddressPatch("1050", false)), new AddressChangeAct(w[S].Id, "1050", false, true, w[S].AddressRecorder),
                onSuccess: () => (w[S].VictimPostcode, w[S].VictimConfidential) = ("1050", false))),
        ["PATCH /cases/{id} address | owner cpas-saint-josse moves the victim and author of its case M to Antwerp (sapv-5344 had assessed M by legal mission)"] = async (s, w) =>
        {
            var m = await w.OpenAsync("M", "cpas-saint-josse", "1210", authorPostcode: "1210");
            await w.AssessAsync("sapv-5344", m.Id, "medium");
            var patch = new JsonObject
            {
                ["victim"] = new JsonObject { ["address"] = World.Address("2000", false) },
                ["author"] = new JsonObject { ["address"] = World.Address("2000", false) },
            }.ToJsonString();
            await s.WriteAsync("cpas-saint-josse", Patch(m.Id, patch), new AddressChangeAct(m.Id, "2000", false, false, null),
                onSuccess: () => m.VictimPostcode = "2000");
        },
        ["PATCH /cases/{id} address | 458ter participant police-5339 moves N's victim to Antwerp (2000)"] = async (s, w) =>
        {
            await w.ConsultationAsync(w[N].Id, "police-5339");
            await s.WriteAsync("police-5339", Patch(w[N].Id, AddressPatch("2000", false)), new AddressChangeAct(w[N].Id, "2000", false, false, null),
                onSuccess: () => w[N].VictimPostcode = "2000");
        },
        ["PATCH /cases/{id} close | owner police-5344 closes N"] = async (s, w) =>
            await s.WriteAsync("police-5344", Patch(w[N].Id, """{ "status": "closed", "closedReason": "Victim moved abroad." }"""), new NoAct()),
        ["PATCH /cases/{id} address | own entries only police-5339 moves N's victim to Ixelles (1050)"] = async (s, w) =>
        {
            await w.OwnEntriesOnlyAsync("police-5339", w[N].Id);
            await s.WriteAsync("police-5339", Patch(w[N].Id, AddressPatch("1050", false)), new AddressChangeAct(w[N].Id, "1050", false, false, null));
        },
        ["PATCH /cases/{id} address | foreign police-5345 moves N's victim to Antwerp (2000)"] = async (s, w) =>
            await s.WriteAsync("police-5345", Patch(w[N].Id, AddressPatch("2000", false)), new AddressChangeAct(w[N].Id, "2000", false, false, null)),

        // ---- POST /cases/{id}/incidents (act 5) ----
        ["POST incidents | legal mission police-5344 on N, in its zone 5344"] = async (s, w) =>
            await s.WriteAsync("police-5344", c => c.PostIncident(w[N].Id, CaseRequests.IncidentBody(zone: "5344")), new IncidentAct(w[N].Id, "5344")),
        ["POST incidents | owner police-5339 on X, in its zone 5339"] = Needs([X], async (s, w) =>
            await s.WriteAsync("police-5339", c => c.PostIncident(w[X].Id, CaseRequests.IncidentBody(zone: "5339")), new IncidentAct(w[X].Id, "5339"))),
        ["POST incidents | own entries only police-5339 on N, a sensitive_matter_record in its zone 5339"] = async (s, w) =>
        {
            await w.OwnEntriesOnlyAsync("police-5339", w[N].Id);
            await s.WriteAsync("police-5339", c => c.PostIncident(w[N].Id, CaseRequests.IncidentBody("sensitive_matter_record", zone: "5339")), new IncidentAct(w[N].Id, "5339"));
        },
        ["POST incidents | consent covering facts (police-5339) on N, in its zone 5339"] = async (s, w) =>
        {
            await w.GrantAsync("police-5344", w[N].Id, "police-5339", ["identity", "facts"]);
            await s.WriteAsync("police-5339", c => c.PostIncident(w[N].Id, CaseRequests.IncidentBody(zone: "5339")), new IncidentAct(w[N].Id, "5339"));
        },
        ["POST incidents | 458ter participant police-5339 on N, in its zone 5339"] = async (s, w) =>
        {
            await w.ConsultationAsync(w[N].Id, "police-5339");
            await s.WriteAsync("police-5339", c => c.PostIncident(w[N].Id, CaseRequests.IncidentBody(zone: "5339")), new IncidentAct(w[N].Id, "5339"));
        },
        ["POST incidents | legal mission police-5344 on N, in another zone (5339)"] = async (s, w) =>
            await s.WriteAsync("police-5344", c => c.PostIncident(w[N].Id, CaseRequests.IncidentBody(zone: "5339")), new IncidentAct(w[N].Id, "5339")),
        ["POST incidents | revoked consent police-5339 on N, in its zone 5339"] = async (s, w) =>
        {
            await w.RevokeAsync("police-5344", w[N].Id, await w.GrantAsync("police-5344", w[N].Id, "police-5339", ["identity", "facts"]));
            await s.WriteAsync("police-5339", c => c.PostIncident(w[N].Id, CaseRequests.IncidentBody(zone: "5339")), new IncidentAct(w[N].Id, "5339"));
        },
        ["POST incidents | expired consent police-5339 on N, in its zone 5339"] = async (s, w) =>
        {
            await w.GrantAsync("police-5344", w[N].Id, "police-5339", ["identity", "facts"], DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(-1));
            await s.WriteAsync("police-5339", c => c.PostIncident(w[N].Id, CaseRequests.IncidentBody(zone: "5339")), new IncidentAct(w[N].Id, "5339"));
        },
        ["POST incidents | foreign police-5345 on N, in its zone 5345"] = async (s, w) =>
            await s.WriteAsync("police-5345", c => c.PostIncident(w[N].Id, CaseRequests.IncidentBody(zone: "5345")), new IncidentAct(w[N].Id, "5345")),

        // ---- POST /cases/{id}/risk-assessments (no act) ----
        ["POST risk-assessments | core-only legal mission coordination-olista, all yes, on N"] = async (s, w) =>
            await s.WriteAsync("coordination-olista", c => c.PostRiskAssessment(w[N].Id, CaseRequests.RiskBody("yes", "yes", "yes", "yes", "yes")), new NoAct()),
        ["POST risk-assessments | consent cpas-saint-josse on N"] = async (s, w) =>
            await s.WriteAsync("cpas-saint-josse", c => c.PostRiskAssessment(w[N].Id, CaseRequests.RiskBody()), new NoAct()),
        ["POST risk-assessments | foreign police-5345 on N"] = async (s, w) =>
            await s.WriteAsync("police-5345", c => c.PostRiskAssessment(w[N].Id, CaseRequests.RiskBody()), new NoAct()),
        ["POST risk-assessments | own entries only police-5339 on N"] = async (s, w) =>
        {
            await w.OwnEntriesOnlyAsync("police-5339", w[N].Id);
            await s.WriteAsync("police-5339", c => c.PostRiskAssessment(w[N].Id, CaseRequests.RiskBody()), new NoAct());
        },
        ["POST risk-assessments | 458ter participant health-cpvs on N"] = async (s, w) =>
        {
            await w.ConsultationAsync(w[N].Id, "health-cpvs-bruxelles");
            await s.WriteAsync("health-cpvs-bruxelles", c => c.PostRiskAssessment(w[N].Id, CaseRequests.RiskBody()), new NoAct());
        },

        // ---- POST /cases/{id}/consultations (act 2) ----
        ["POST consultations | coordination-olista after its own all-yes assessment on N, naming health-cpvs"] = async (s, w) =>
        {
            await w.TryAsync("coordination-olista", c => c.PostRiskAssessment(w[N].Id, CaseRequests.RiskBody("yes", "yes", "yes", "yes", "yes")));
            await s.WriteAsync("coordination-olista", Post(Cases(w[N].Id, "/consultations"), new { participants = new[] { "health-cpvs-bruxelles" }, purpose = "Safety plan.", until = Until }),
                new ConsultationAct("coordination-olista", w[N].Id, ["health-cpvs-bruxelles"]));
        },
        ["POST consultations | legal mission parquet-bruxelles after police-5344's critical assessment, naming cpas and health"] = async (s, w) =>
        {
            await w.AssessAsync("police-5344", w[N].Id, "critical");
            string[] participants = ["cpas-saint-josse", "health-cpvs-bruxelles"];
            await s.WriteAsync("parquet-bruxelles", Post(Cases(w[N].Id, "/consultations"), new { participants, purpose = "Safety plan.", until = Until }),
                new ConsultationAct("parquet-bruxelles", w[N].Id, participants));
        },
        ["POST consultations | legal mission parquet-bruxelles after a critical assessment by consent holder cpas (risk by consent), naming cpas and health"] = async (s, w) =>
        {
            await w.GrantAsync("police-5344", w[N].Id, "cpas-saint-josse", ["identity", "risk"]);
            await w.AssessAsync("cpas-saint-josse", w[N].Id, "critical");
            string[] participants = ["cpas-saint-josse", "health-cpvs-bruxelles"];
            await s.WriteAsync("parquet-bruxelles", Post(Cases(w[N].Id, "/consultations"), new { participants, purpose = "Safety plan.", until = Until }),
                new ConsultationAct("parquet-bruxelles", w[N].Id, participants));
        },
        ["POST consultations | foreign parquet-antwerpen on N after a critical assessment, naming itself"] = async (s, w) =>
        {
            await w.AssessAsync("police-5344", w[N].Id, "critical");
            await s.WriteAsync("parquet-antwerpen", Post(Cases(w[N].Id, "/consultations"), new { participants = new[] { "sapv-5345" }, purpose = "Safety plan.", until = Until }),
                new ConsultationAct("parquet-antwerpen", w[N].Id, ["sapv-5345"]));
        },

        // ---- POST /cases/{id}/consents and revocations (act 1) ----
        ["POST consents | legal mission sapv-5344 grants cpas identity, contact, risk on N"] = async (s, w) =>
        {
            string[] categories = ["identity", "contact", "risk"];
            await s.WriteAsync("sapv-5344", Post(Cases(w[N].Id, "/consents"), World.ConsentBody(SharingKit.ToAgency("cpas-saint-josse"), categories)),
                new ConsentAct("sapv-5344", w[N].Id, "cpas-saint-josse", null, categories));
        },
        ["POST consents | legal mission sapv-5344 grants cpas health on N (the CPVS wrote a health record there)"] = async (s, w) =>
        {
            string[] categories = ["identity", "health"];
            await s.WriteAsync("sapv-5344", Post(Cases(w[N].Id, "/consents"), World.ConsentBody(SharingKit.ToAgency("cpas-saint-josse"), categories)),
                new ConsentAct("sapv-5344", w[N].Id, "cpas-saint-josse", null, categories));
        },
        ["POST consents | legal mission parquet-bruxelles grants the kind victim_support identity, risk on X"] = Needs([X], async (s, w) =>
        {
            string[] categories = ["identity", "risk"];
            await s.WriteAsync("parquet-bruxelles", Post(Cases(w[X].Id, "/consents"), World.ConsentBody(new JsonObject { ["agencyKind"] = "victim_support" }, categories)),
                new ConsentAct("parquet-bruxelles", w[X].Id, null, "victim_support", categories));
        }),
        ["POST consents | owner (the shelter) grants perpetrator-support identity, contact on S"] = Needs([S], async (s, w) =>
        {
            string[] categories = ["identity", "contact"];
            await s.WriteAsync("victim-support-refuge-bruxelles", Post(Cases(w[S].Id, "/consents"), World.ConsentBody(SharingKit.ToAgency("perpetrator-support-praxis"), categories)),
                new ConsentAct("victim-support-refuge-bruxelles", w[S].Id, "perpetrator-support-praxis", null, categories));
        }),
        ["POST consents | consent holder cpas-saint-josse (identity by consent, its own social record) grants victim-support identity, social, health, facts on N"] = async (s, w) =>
        {
            string[] categories = ["identity", "social", "health", "facts"];
            await s.WriteAsync("cpas-saint-josse", Post(Cases(w[N].Id, "/consents"), World.ConsentBody(SharingKit.ToAgency("victim-support-refuge-bruxelles"), categories)),
                new ConsentAct("cpas-saint-josse", w[N].Id, "victim-support-refuge-bruxelles", null, categories));
        },
        ["POST consents | owner cpas-saint-josse grants victim-support identity, facts, risk on its case M (police-5344 recorded a PV there)"] = async (s, w) =>
        {
            var m = await w.OpenAsync("M", "cpas-saint-josse", "1210", authorPostcode: "1210");
            await World.Expect(await (await w.Host.Client("police-5344")).PostIncident(m.Id, CaseRequests.IncidentBody(zone: "5344")), HttpStatusCode.Created);
            string[] categories = ["identity", "facts", "risk"];
            await s.WriteAsync("cpas-saint-josse", Post(Cases(m.Id, "/consents"), World.ConsentBody(SharingKit.ToAgency("victim-support-refuge-bruxelles"), categories)),
                new ConsentAct("cpas-saint-josse", m.Id, "victim-support-refuge-bruxelles", null, categories));
        },
        ["POST consents | revoked consent police-5339 grants victim-support identity on N"] = async (s, w) =>
        {
            await w.RevokeAsync("police-5344", w[N].Id, await w.GrantAsync("police-5344", w[N].Id, "police-5339", ["identity"]));
            await s.WriteAsync("police-5339", Post(Cases(w[N].Id, "/consents"), World.ConsentBody(SharingKit.ToAgency("victim-support-refuge-bruxelles"), ["identity"])),
                new ConsentAct("police-5339", w[N].Id, "victim-support-refuge-bruxelles", null, ["identity"]));
        },
        ["POST consents | 458ter participant victim-support grants perpetrator-support identity, facts, health on N"] = async (s, w) =>
        {
            await w.ConsultationAsync(w[N].Id, "victim-support-refuge-bruxelles");
            string[] categories = ["identity", "facts", "health"];
            await s.WriteAsync("victim-support-refuge-bruxelles", Post(Cases(w[N].Id, "/consents"), World.ConsentBody(SharingKit.ToAgency("perpetrator-support-praxis"), categories)),
                new ConsentAct("victim-support-refuge-bruxelles", w[N].Id, "perpetrator-support-praxis", null, categories));
        },
        ["POST consents | own entries only police-5339 grants cpas identity on N"] = async (s, w) =>
        {
            await w.OwnEntriesOnlyAsync("police-5339", w[N].Id);
            await s.WriteAsync("police-5339", Post(Cases(w[N].Id, "/consents"), World.ConsentBody(SharingKit.ToAgency("victim-support-refuge-bruxelles"), ["identity"])),
                new ConsentAct("police-5339", w[N].Id, "victim-support-refuge-bruxelles", null, ["identity"]));
        },
        ["POST consents/{cid}/revocation | recorder police-5344 revokes the CPAS's consent on N (the CPAS wrote a social record)"] = async (s, w) =>
            await s.WriteAsync("police-5344", Post(Cases(w[N].Id, $"/consents/{w.Consents[(w[N].Id, "cpas-saint-josse")]}/revocation"), new { reason = "Asked by the victim." }), new NoAct()),
        ["POST consents/{cid}/revocation | recipient health-cpvs revokes its own consent on N (it wrote a health record)"] = async (s, w) =>
            await s.WriteAsync("health-cpvs-bruxelles", Post(Cases(w[N].Id, $"/consents/{w.Consents[(w[N].Id, "health-cpvs-bruxelles")]}/revocation"), new { reason = "Asked by the victim." }), new NoAct()),

        // ---- POST /cases/{id}/records (no act) ----
        ["POST records | consent cpas-saint-josse, social, on N"] = async (s, w) =>
            await s.WriteAsync("cpas-saint-josse", Post(Cases(w[N].Id, "/records"), new { category = "social", text = "Housing at risk." }), new NoAct()),
        ["POST records | own entries only police-5339, facts, on N"] = async (s, w) =>
        {
            await w.OwnEntriesOnlyAsync("police-5339", w[N].Id);
            await s.WriteAsync("police-5339", Post(Cases(w[N].Id, "/records"), new { category = "facts", text = "A note." }), new NoAct());
        },
        ["POST records | 458ter participant victim-support, social, on N"] = async (s, w) =>
        {
            await w.ConsultationAsync(w[N].Id, "victim-support-refuge-bruxelles");
            await s.WriteAsync("victim-support-refuge-bruxelles", Post(Cases(w[N].Id, "/records"), new { category = "social", text = "Housing at risk." }), new NoAct());
        },
        ["POST records | expired consent cpas-saint-josse, social, on X"] = Needs([X], async (s, w) =>
        {
            await w.GrantAsync("police-5339", w[X].Id, "cpas-saint-josse", ["identity"], DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(-1));
            await s.WriteAsync("cpas-saint-josse", Post(Cases(w[X].Id, "/records"), new { category = "social", text = "Housing at risk." }), new NoAct());
        }),
        // ---- followers (no act) ----
        ["POST followers | legal mission police-5344 on N"] = async (s, w) =>
            await s.WriteAsync("police-5344", Post(Cases(w[N].Id, "/followers"), new { }), new NoAct()),
        ["POST followers | consent cpas-saint-josse on N"] = async (s, w) =>
            await s.WriteAsync("cpas-saint-josse", Post(Cases(w[N].Id, "/followers"), new { }), new NoAct()),
        ["DELETE followers/{agency} | legal mission sapv-5344 unfollows N"] = async (s, w) =>
        {
            var sapv = await w.Host.Client("sapv-5344");
            await World.Expect(await sapv.PostAsync(Cases(w[N].Id, "/followers"), JsonContent()), HttpStatusCode.Created, HttpStatusCode.OK);
            await s.WriteAsync("sapv-5344", c => c.DeleteAsync(Cases(w[N].Id, "/followers/sapv-5344")), new NoAct());
        },

        // ---- custody events (act 8) ----
        ["POST custody-events released | legal mission parquet-bruxelles on the shelter case S"] = Needs([S], async (s, w) =>
            await s.WriteAsync("parquet-bruxelles", Post(Cases(w[S].Id, "/custody-events"), Released()), new ReleaseAct(w[S].Id))),
        ["POST custody-events released | legal mission justice-house-bruxelles on N"] = async (s, w) =>
            await s.WriteAsync("justice-house-bruxelles", Post(Cases(w[N].Id, "/custody-events"), Released()), new ReleaseAct(w[N].Id)),
        ["POST custody-events released | consent (identity, judicial) parquet-antwerpen on N"] = async (s, w) =>
        {
            await w.GrantAsync("police-5344", w[N].Id, "parquet-antwerpen", ["identity", "judicial"]);
            await s.WriteAsync("parquet-antwerpen", Post(Cases(w[N].Id, "/custody-events"), Released()), new ReleaseAct(w[N].Id));
        },
        ["POST custody-events detained | legal mission parquet-bruxelles on X"] = Needs([X], async (s, w) =>
            await s.WriteAsync("parquet-bruxelles", Post(Cases(w[X].Id, "/custody-events"), new { kind = "detained", occurredAt = DateTimeOffset.UtcNow.AddHours(-1) }), new NoAct())),
        // ---- measures (no act) ----
        ["POST measures | legal mission police-5344 on N"] = async (s, w) =>
            await s.WriteAsync("police-5344", Post(Cases(w[N].Id, "/measures"), Measure()), new NoAct()),
        ["POST measures/{mid}/lifting | legal mission parquet-bruxelles on N"] = async (s, w) =>
        {
            var police = await w.Host.Client("police-5344");
            var measure = (await World.Expect(await police.PostAsync(Cases(w[N].Id, "/measures"), JsonContent(Measure())), HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await s.WriteAsync("parquet-bruxelles", Post(Cases(w[N].Id, $"/measures/{measure}/lifting"), new { reason = "Lifted by the parquet." }), new NoAct());
        },
        ["POST measures/{mid}/compliance-reports breach | legal mission justice-house-bruxelles on N"] = async (s, w) =>
        {
            var police = await w.Host.Client("police-5344");
            var measure = (await World.Expect(await police.PostAsync(Cases(w[N].Id, "/measures"), JsonContent(Measure())), HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await s.WriteAsync("justice-house-bruxelles", Post(Cases(w[N].Id, $"/measures/{measure}/compliance-reports"),
                new { status = "breach", observedAt = DateTimeOffset.UtcNow.AddHours(-1), details = "Author seen near the victim's home." }), new NoAct());
        },
        ["POST measures | 458ter participant police-5339 on N"] = async (s, w) =>
        {
            await w.ConsultationAsync(w[N].Id, "police-5339");
            await s.WriteAsync("police-5339", Post(Cases(w[N].Id, "/measures"), Measure()), new NoAct());
        },

        // ---- decisions, board (no act) ----
        ["POST decisions | legal mission parquet-bruxelles orders no_contact on a PV of N"] = async (s, w) =>
        {
            var pv = await PvOn(w, w[N].Id);
            await s.WriteAsync("parquet-bruxelles", Post(Cases(w[N].Id, "/decisions"), Decision(pv, noContact: true)), new NoAct());
        },
        ["POST decisions | consent (identity, judicial) parquet-antwerpen decides a PV of N"] = async (s, w) =>
        {
            var pv = await PvOn(w, w[N].Id);
            await w.GrantAsync("police-5344", w[N].Id, "parquet-antwerpen", ["identity", "judicial"]);
            await s.WriteAsync("parquet-antwerpen", Post(Cases(w[N].Id, "/decisions"), Decision(pv, noContact: false)), new NoAct());
        },
        ["POST board/items/{id}/assignment | referent parquet-bruxelles assigns N's PV"] = async (s, w) =>
        {
            var pv = await PvOn(w, w[N].Id);
            var item = (await w.Host.Query("SELECT id FROM board_items WHERE incident_id = @id", r => r.GetGuid(0), ("id", pv))).Single();
            await s.WriteAsync("parquet-bruxelles", Post($"/api/v1/board/items/{item}/assignment", new { userId = "jur-0007" }), new NoAct(), role: "referent");
        },

        // ---- households (act 3) ----
        ["POST households/{id}/link-suggestions/{sid}/confirmation | referent police-5339 reaching only its throwaway case (the Antwerp victim's name and birth date)"] = async (s, w) =>
        {
            var throwaway = await Throwaway(w, "T", "police-5339", w[A], "1050");
            var (mine, other) = (await w.HouseholdOfAsync(throwaway.Id), await w.HouseholdOfAsync(w[A].Id));
            var suggestion = await w.PendingSuggestionAsync(mine, other);
            await s.WriteAsync("police-5339", Post($"/api/v1/households/{mine}/link-suggestions/{suggestion}/confirmation", new { }),
                new MergeAct(throwaway.Id, w[A].Id), role: "referent");
        },
        ["POST households/{id}/link-suggestions/{sid}/confirmation | referent parquet-bruxelles reaching both sides (N and an Ixelles case of the same name and birth date)"] = async (s, w) =>
        {
            var twin = await Throwaway(w, "T", "police-5339", w[N], "1050");
            var (mine, other) = (await w.HouseholdOfAsync(w[N].Id), await w.HouseholdOfAsync(twin.Id));
            var suggestion = await w.PendingSuggestionAsync(mine, other);
            await s.WriteAsync("parquet-bruxelles", Post($"/api/v1/households/{mine}/link-suggestions/{suggestion}/confirmation", new { }),
                new MergeAct(w[N].Id, twin.Id), role: "referent");
        },
        ["POST households/{id}/link-suggestions/{sid}/confirmation | referent of consent holder cpas-saint-josse (N) with an Antwerp case of the same name and birth date"] = async (s, w) =>
        {
            var twin = await Throwaway(w, "T", "police-5345", w[N], "2000");
            var (mine, other) = (await w.HouseholdOfAsync(w[N].Id), await w.HouseholdOfAsync(twin.Id));
            var suggestion = await w.PendingSuggestionAsync(mine, other);
            await s.WriteAsync("cpas-saint-josse", Post($"/api/v1/households/{mine}/link-suggestions/{suggestion}/confirmation", new { }),
                new MergeAct(w[N].Id, twin.Id), role: "referent");
        },
        ["POST households/{id}/link-suggestions/{sid}/rejection | referent police-5344 (N and an Antwerp case of the same name and birth date)"] = async (s, w) =>
        {
            var twin = await Throwaway(w, "T", "police-5345", w[N], "2000");
            var (mine, other) = (await w.HouseholdOfAsync(w[N].Id), await w.HouseholdOfAsync(twin.Id));
            var suggestion = await w.PendingSuggestionAsync(mine, other);
            await s.WriteAsync("police-5344", Post($"/api/v1/households/{mine}/link-suggestions/{suggestion}/rejection", new { reason = "Not the same person." }),
                new NoAct(), role: "referent");
        },
        ["POST households/{id}/merges | referent police-5344 reaching both (N and another case of its zone)"] = async (s, w) =>
        {
            var other = await w.OpenAsync("N2", "police-5344", "1030", authorPostcode: "1030");
            var (mine, theirs) = (await w.HouseholdOfAsync(w[N].Id), await w.HouseholdOfAsync(other.Id));
            await s.WriteAsync("police-5344", c => c.Merge(mine, theirs, "Same couple."), new MergeAct(w[N].Id, other.Id), role: "referent");
        },
        ["POST households/{id}/merges | referent police-5339 reaching X only, with the Antwerp household"] = Needs([X], async (s, w) =>
        {
            var (mine, other) = (await w.HouseholdOfAsync(w[X].Id), await w.HouseholdOfAsync(w[A].Id));
            await s.WriteAsync("police-5339", c => c.Merge(mine, other, "Same couple."), new MergeAct(w[X].Id, w[A].Id), role: "referent");
        }),
        ["POST households/{id}/merges | referent of consent holder cpas-saint-josse (consents on N and on the Antwerp case)"] = async (s, w) =>
        {
            await w.GrantAsync("police-5345", w[A].Id, "cpas-saint-josse", ["identity"]);
            var (mine, other) = (await w.HouseholdOfAsync(w[N].Id), await w.HouseholdOfAsync(w[A].Id));
            await s.WriteAsync("cpas-saint-josse", c => c.Merge(mine, other, "Same couple."), new MergeAct(w[N].Id, w[A].Id), role: "referent");
        },
        ["POST households/{id}/merges | referent police-5339 reaching X by mission and N by consent only"] = Needs([X], async (s, w) =>
        {
            await w.GrantAsync("police-5344", w[N].Id, "police-5339", ["identity"]);
            var (mine, other) = (await w.HouseholdOfAsync(w[X].Id), await w.HouseholdOfAsync(w[N].Id));
            await s.WriteAsync("police-5339", c => c.Merge(mine, other, "Same couple."), new MergeAct(w[X].Id, w[N].Id), role: "referent");
        }),
        ["POST households/{id}/merges | referent police-5339 reaching X by mission and N by its own entries only"] = Needs([X], async (s, w) =>
        {
            await w.OwnEntriesOnlyAsync("police-5339", w[N].Id);
            var (mine, other) = (await w.HouseholdOfAsync(w[X].Id), await w.HouseholdOfAsync(w[N].Id));
            await s.WriteAsync("police-5339", c => c.Merge(mine, other, "Same couple."), new MergeAct(w[X].Id, w[N].Id), role: "referent");
        }),
        ["POST households/{id}/merges/{mid}/undo | referent police-5344 undoes its merge of N with another case of its zone"] = async (s, w) =>
        {
            var other = await w.OpenAsync("N2", "police-5344", "1030", authorPostcode: "1030");
            var referent = await w.Host.Client("police-5344", "referent");
            var kept = await w.HouseholdOfAsync(w[N].Id);
            var merge = (await World.Expect(await referent.Merge(kept, await w.HouseholdOfAsync(other.Id), "Same couple."), HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await s.WriteAsync("police-5344", Post($"/api/v1/households/{kept}/merges/{merge}/undo", new { reason = "Not the same couple." }), new NoAct(), role: "referent");
        },

        // ---- tasks, safe contact (no act) ----
        ["POST tasks/{id}/completion | assignee of the inform_victim task of a release on N"] = async (s, w) =>
        {
            var parquet = await w.Host.Client("parquet-bruxelles");
            await World.Expect(await parquet.PostAsync(Cases(w[N].Id, "/custody-events"), JsonContent(Released())), HttpStatusCode.Created);
            var (task, assignee) = (await w.Host.Query("SELECT id, assignee_agency FROM tasks WHERE case_id = @id", r => (r.GetGuid(0), r.GetString(1)), ("id", w[N].Id))).Single();
            await s.WriteAsync(assignee, Post($"/api/v1/tasks/{task}/completion", new { outcome = "reached", how = "phone", note = "Victim informed." }), new NoAct());
        },
        ["POST tasks/{id}/attempts | assignee police-5344 of the eva_callback of its family-dispute PV on N"] = async (s, w) =>
        {
            var police = await w.Host.Client("police-5344");
            await World.Expect(await police.PostIncident(w[N].Id, CaseRequests.IncidentBody(zone: "5344")), HttpStatusCode.Created);
            var task = (await w.Host.Query("SELECT id FROM tasks WHERE case_id = @id AND kind = 'eva_callback'", r => r.GetGuid(0), ("id", w[N].Id))).Single();
            await s.WriteAsync("police-5344", Post($"/api/v1/tasks/{task}/attempts", new { outcome = "unreachable", how = "phone", note = "No answer." }), new NoAct());
        },
        ["POST consents | legal mission police-5344 grants sapv-5344 contact for proactive_contact on N, after a family-dispute PV"] = async (s, w) =>
        {
            var police = await w.Host.Client("police-5344");
            await World.Expect(await police.PostIncident(w[N].Id, CaseRequests.IncidentBody(zone: "5344")), HttpStatusCode.Created);
            var body = World.ConsentBody(SharingKit.ToAgency("sapv-5344"), ["contact"]);
            body["purpose"] = "proactive_contact";
            await s.WriteAsync("police-5344", Post(Cases(w[N].Id, "/consents"), body), new ConsentAct("police-5344", w[N].Id, "sapv-5344", null, ["contact"]));
        },
        ["PUT safe-contact | legal mission sapv-5344 on N"] = async (s, w) =>
        {
            var sapv = await w.Host.Client("sapv-5344");
            var etag = (await sapv.GetAsync(Cases(w[N].Id))).Headers.ETag!.ToString();
            await s.WriteAsync("sapv-5344", c =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, Cases(w[N].Id, "/safe-contact"))
                {
                    Content = JsonContent(new { phone = "+32470123456", windows = new[] { new { days = new[] { "mon", "tue" }, from = "09:00", to = "11:00" } }, mayLeaveMessage = false }),
                };
                request.Headers.TryAddWithoutValidation("If-Match", etag);
                return c.SendAsync(request);
            }, new NoAct());
        },
    };

    /// <summary>The row's world also holds these cases (S, X): the standard world is N and A, to keep the snapshots small.</summary>
    private static Row Needs(string[] labels, Row row) => async (s, w) =>
    {
        foreach (var label in labels) await w.EnsureAsync(label);
        await row(s, w);
    };

    public static TheoryData<string> RowNames => [.. Rows.Keys];

    /// <summary>Rows run side by side (each in its world of its own), once for the whole theory; each row then reports its own result.</summary>
    private const int RowsAtOnce = 4;

    [Theory]
    [MemberData(nameof(RowNames))]
    public async Task No_write_widens_reach_beyond_the_deliberate_acts(string row)
    {
        var (results, elapsed) = await host.Once(() => RunAllRowsAsync(host));
        output.WriteLine($"All {Rows.Count} rows ran in {elapsed.TotalSeconds:F1} s.");
        var (scenario, error) = results[row];
        if (error is not null) throw new InvalidOperationException($"The row could not run: {error.Message}", error);
        output.WriteLine(scenario!.Summary);
        Assert.True(scenario.Findings.Count == 0, "\n" + string.Join("\n", scenario.Findings));
    }

    private static async Task<(Dictionary<string, (ReachScenario? Scenario, Exception? Error)> Results, TimeSpan Elapsed)> RunAllRowsAsync(ReachHost host)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = new System.Collections.Concurrent.ConcurrentDictionary<string, (ReachScenario?, Exception?)>();
        using var gate = new SemaphoreSlim(RowsAtOnce);
        await Task.WhenAll(Rows.Select(async row =>
        {
            await gate.WaitAsync();
            try
            {
                var world = await World.StandardAsync(host);
                var scenario = new ReachScenario(host, world, row.Key);
                await row.Value(scenario, world);
                results[row.Key] = (scenario, null);
            }
            catch (Exception e)
            {
                results[row.Key] = (null, e);
            }
            finally
            {
                gate.Release();
            }
        }));
        // Every row's answer and timing in one file, for whoever fixes the leaks (REACH_SUMMARY_FILE=/tmp/reach.txt).
        if (Environment.GetEnvironmentVariable("REACH_SUMMARY_FILE") is { Length: > 0 } summaryFile)
        {
            await File.WriteAllLinesAsync(summaryFile, results.OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => r.Value.Item1 is { } done ? $"{done.Summary}{(done.Findings.Count > 0 ? "\n" + string.Join("\n", done.Findings) : "")}" : $"{r.Key}: could not run: {r.Value.Item2}"));
        }
        return (new Dictionary<string, (ReachScenario?, Exception?)>(results), clock.Elapsed);
    }

    private static System.Net.Http.Json.JsonContent JsonContent(object? body = null) => System.Net.Http.Json.JsonContent.Create(body ?? new { });

    private static string AddressPatch(string postcode, bool confidential) =>
        new JsonObject { ["victim"] = new JsonObject { ["address"] = World.Address(postcode, confidential) } }.ToJsonString();

    private static object Released() => new
    {
        kind = "released", occurredAt = DateTimeOffset.UtcNow.AddHours(-1),
        conditions = new { noContact = true, noApproachToVictimAddress = true, perimeterMeters = 500, until = DateTimeOffset.UtcNow.AddDays(90) },
    };

    private static object Measure() => new
    {
        kind = "no_contact", from = DateTimeOffset.UtcNow, until = DateTimeOffset.UtcNow.AddDays(30), orderedBy = "parquet-bruxelles", details = "No contact.",
    };

    /// <summary>A family-dispute PV police-5344 records on a case (in its zone): an item of the board.</summary>
    private static async Task<Guid> PvOn(World w, Guid caseId) =>
        (await World.Expect(await (await w.Host.Client("police-5344")).PostIncident(caseId, CaseRequests.IncidentBody(zone: "5344")), HttpStatusCode.Created))
            .GetProperty("id").GetGuid();

    private static object Decision(Guid incidentId, bool noContact) => noContact
        ? new
        {
            incidentId, decision = "hearing", hearingAt = DateTimeOffset.UtcNow.AddDays(8),
            measures = new[] { new { kind = "no_contact", from = DateTimeOffset.UtcNow, until = DateTimeOffset.UtcNow.AddDays(90) } },
        }
        : new { incidentId, decision = "follow_up", hearingAt = (DateTimeOffset?)null, measures = Array.Empty<object>() };

    private static JsonObject Disclosure(string lastName, DateOnly birthDate, string? nationalNumber, string postcode)
    {
        var victim = new JsonObject { ["firstName"] = "Sara", ["lastName"] = lastName, ["birthDate"] = birthDate.ToString("yyyy-MM-dd"), ["address"] = World.Address(postcode, false) };
        if (nationalNumber is not null) victim["nationalNumber"] = nationalNumber;
        return new JsonObject { ["victim"] = victim, ["reason"] = "Threats to kill with a weapon, repeated this week.", ["text"] = "What I observed, as facts." };
    }

    /// <summary>A case whose victim has the name and birth date of <paramref name="like"/>'s victim (no national number): a link suggestion.</summary>
    private static async Task<CaseFacts> Throwaway(World w, string label, string opener, CaseFacts like, string postcode)
    {
        var couple = new Couple(like.Couple.LastName, like.Couple.Victim, NationalNumbers.Fresh());
        var body = World.Body(couple, postcode, false, postcode);
        body["victim"]!.AsObject().Remove("nationalNumber");
        var client = await w.Host.Client(opener);
        var id = (await World.Expect(await client.PostCase(body), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var facts = new CaseFacts { Id = id, Label = label, Owner = opener, Couple = couple, VictimPostcode = postcode, AuthorPostcode = postcode };
        w.Cases[label] = facts;
        return facts;
    }
}
