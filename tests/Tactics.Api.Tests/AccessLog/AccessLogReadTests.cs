using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Domain.Audit;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Policy;

namespace Tactics.Api.Tests.AccessLog;

/// <summary>The access log as its readers see it: the contract's basis spellings, and the owner's categories only.</summary>
public sealed class AccessLogReadTests(ApiFixture api)
{
    private static async Task<List<JsonElement>> Log(HttpClient client, Guid caseId)
    {
        var entries = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"/api/v1/cases/{caseId}/access-log?limit=200{(cursor is null ? "" : "&cursor=" + cursor)}")).Json();
            entries.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        } while (cursor is not null);
        return entries;
    }

    [Fact]
    public async Task A_458ter_read_is_logged_and_read_back_as_case_consultation_458ter_and_old_rows_are_mapped()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase();
        await (await police.PostRiskAssessment(opened.Id, CaseRequests.RiskBody())).Json(HttpStatusCode.Created);
        using var parquet = await api.ClientFor("parquet-bruxelles");
        await (await parquet.PostAsJsonAsync($"/api/v1/cases/{opened.Id}/consultations", new
        {
            participants = new[] { "cpas-saint-josse" }, purpose = "Safety plan.", until = DateTimeOffset.UtcNow.AddDays(10),
        })).Json(HttpStatusCode.Created);
        using var cpas = await api.ClientFor("cpas-saint-josse");
        await cpas.GetCase(opened.Id);

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var stored = await db.AccessLog.AsNoTracking().Where(e => e.CaseId == opened.Id && e.AgencyCode == "cpas-saint-josse" && e.Operation == "GetCase").SingleAsync();
        Assert.Contains("identity:case_consultation_458ter", stored.Granted);

        // A row written before the spelling was fixed stays as it is (append-only), and is read in the contract's spelling.
        var previous = await db.AccessLog.AsNoTracking().Where(e => e.CaseId == opened.Id).OrderByDescending(e => e.Sequence).FirstAsync();
        var oldRow = new AccessLogEntry(opened.Id, previous.Sequence + 1, previous.Hash, DateTimeOffset.UtcNow, "user-of-cpas-saint-josse",
            "cpas-saint-josse", "cpas", "read", "GetCase", "permitted", ["core:case_consultation458ter"], [], "old-request");
        db.AccessLog.Add(oldRow);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.SaveChangesAsync();
            // The chain's head follows its last entry, as the migration that added the heads set it for rows written before them.
            await db.Database.ExecuteSqlAsync(
                $"UPDATE access_log_chain_heads SET last_sequence = {oldRow.Sequence}, last_hash = {oldRow.Hash} WHERE case_id = {opened.Id}");
            await transaction.CommitAsync();
        });

        // The CPAS's dpo reads its agency's entries, in the contract's spelling, the old row's included.
        using var cpasDpo = await api.ClientFor("cpas-saint-josse", "dpo");
        var own = await Log(cpasDpo, opened.Id);
        var granted = own.SelectMany(e => e.GetProperty("granted").EnumerateArray().Select(g => g.GetString())).ToList();
        Assert.Contains("identity:case_consultation_458ter", granted);
        Assert.Contains("health:case_consultation_458ter", granted);
        Assert.Contains("core:case_consultation_458ter", granted);
        Assert.DoesNotContain(granted, g => g!.EndsWith("consultation458ter", StringComparison.Ordinal));

        // The owner police does not see health: the 458ter read that gave it is not in its view; the old core-only row is, mapped.
        using var referent = await api.ClientFor("police-5344", "referent");
        var byOwner = (await Log(referent, opened.Id)).Where(e => e.GetProperty("agencyCode").GetString() == "cpas-saint-josse").ToList();
        Assert.DoesNotContain(byOwner, e => e.GetProperty("operation").GetString() == "GetCase" && e.GetProperty("requestId").GetString() != "old-request");
        var old = Assert.Single(byOwner, e => e.GetProperty("requestId").GetString() == "old-request");
        Assert.Equal(["core:case_consultation_458ter"], old.GetProperty("granted").EnumerateArray().Select(g => g.GetString()));

        using var dpo = await api.ClientFor("police-5344", "dpo");
        var verification = await (await dpo.GetAsync($"/api/v1/access-log/verification?caseId={opened.Id}")).Json();
        Assert.True(verification.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task The_owner_reads_only_the_entries_in_categories_it_sees()
    {
        // The CPAS owns the case: core, identity, contact and children; a release and its task are judicial.
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var opened = await cpas.OpenCase();
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var (_, taskId) = await parquet.Release(opened.Id);
        using var sapv = await api.ClientFor("sapv-5344");
        await (await sapv.GetAsync($"/api/v1/tasks/{taskId}")).Json();
        await sapv.GetCase(opened.Id);

        using var referent = await api.ClientFor("cpas-saint-josse", "referent");
        var entries = await Log(referent, opened.Id);
        var categories = entries.SelectMany(e => e.GetProperty("granted").EnumerateArray().Select(g => g.GetString()!.Split(':')[0])).ToHashSet();
        Assert.Subset(new HashSet<string> { "core", "identity", "contact", "children" }, categories);
        Assert.DoesNotContain(entries, e => e.GetProperty("operation").GetString() is "GetTask" or "RecordCustodyEvent");
        Assert.Contains(entries, e => e.GetProperty("agencyCode").GetString() == "cpas-saint-josse");

        // The SAPV's dpo, whose agency reached the case, reads its own agency's entries, the task's included.
        using var sapvDpo = await api.ClientFor("sapv-5344", "dpo");
        var own = await Log(sapvDpo, opened.Id);
        Assert.All(own, e => Assert.Equal("sapv-5344", e.GetProperty("agencyCode").GetString()));
        Assert.Contains(own, e => e.GetProperty("operation").GetString() == "GetTask");
    }

    [Fact]
    public async Task A_disclosures_entry_is_for_the_addressed_parquet_not_the_owner()
    {
        // A victim of this test's own: a national number no other case holds, so the disclosure finds this case.
        var birthDate = new DateOnly(1950, 1, 1).AddDays(Random.Shared.Next(0, 49 * 365));
        var first9 = $"{birthDate:yyMMdd}{Random.Shared.Next(1, 998):000}";
        var nationalNumber = $"{first9}{97 - (int)(long.Parse(first9, System.Globalization.CultureInfo.InvariantCulture) % 97):00}";
        var lastName = $"Victim-{Guid.NewGuid():N}"[..20];
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase(CaseRequests.OpenCaseBody(lastName)
            .With("victim.nationalNumber", nationalNumber).With("victim.birthDate", birthDate.ToString("yyyy-MM-dd")));
        using var cpvs = await api.ClientFor("health-cpvs-bruxelles");
        await (await cpvs.PostAsJsonAsync("/api/v1/disclosures", new
        {
            victim = new { firstName = "Amina", lastName, birthDate = birthDate.ToString("yyyy-MM-dd"), nationalNumber },
            author = new { firstName = "Marc", lastName },
            reason = "Threats to kill with a weapon, repeated this week.",
            text = "What I observed, as facts.",
        })).Json(HttpStatusCode.Accepted);

        using var ownerReferent = await api.ClientFor("police-5344", "referent");
        Assert.DoesNotContain(await Log(ownerReferent, opened.Id), e => e.GetProperty("agencyCode").GetString() == "health-cpvs-bruxelles");

        using var parquetReferent = await api.ClientFor("parquet-bruxelles", "referent");
        var disclosed = Assert.Single(await Log(parquetReferent, opened.Id));
        Assert.Equal("health-cpvs-bruxelles", disclosed.GetProperty("agencyCode").GetString());
        Assert.All(disclosed.GetProperty("granted").EnumerateArray(), g => Assert.EndsWith(":imminent_danger_458bis", g.GetString()));
        // The parquet does not own the case: no chain fields of the owner's log.
        Assert.False(disclosed.TryGetProperty("sequence", out _));
        Assert.False(disclosed.TryGetProperty("hash", out _));

        // A disclosure reaches nothing for its discloser: its dpo gets the 404 of a case that does not exist, not its entry.
        using var cpvsDpo = await api.ClientFor("health-cpvs-bruxelles", "dpo");
        var hidden = await (await cpvsDpo.GetAsync($"/api/v1/cases/{opened.Id}/access-log")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        var missing = await (await cpvsDpo.GetAsync($"/api/v1/cases/{Guid.NewGuid()}/access-log")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        Assert.Equal(missing.GetProperty("detail").GetString(), hidden.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_dpo_of_an_agency_that_reached_the_case_reads_its_own_entries_without_chain_fields()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase();
        var consent = await police.GrantConsent(opened.Id, SharingKit.ToAgency("cpas-saint-josse"), ["identity"]);
        using var cpas = await api.ClientFor("cpas-saint-josse");
        await cpas.GetCase(opened.Id);
        await police.GetCase(opened.Id);
        await police.GetCase(opened.Id);
        await cpas.GetCase(opened.Id);
        await police.RevokeConsent(opened.Id, consent);

        // The CPAS's dpo reads its own agency's entries, and neither their place in the chain nor any hash.
        using var cpasDpo = await api.ClientFor("cpas-saint-josse", "dpo");
        var own = await Log(cpasDpo, opened.Id);
        Assert.Equal(2, own.Count);
        Assert.All(own, e =>
        {
            Assert.Equal("cpas-saint-josse", e.GetProperty("agencyCode").GetString());
            Assert.False(e.TryGetProperty("sequence", out _), e.ToString());
            Assert.False(e.TryGetProperty("hash", out _), e.ToString());
        });

        // The owner's referent reads the chain.
        using var ownerReferent = await api.ClientFor("police-5344", "referent");
        var owners = await Log(ownerReferent, opened.Id);
        Assert.All(owners, e =>
        {
            Assert.True(e.GetProperty("sequence").GetInt64() >= 1);
            Assert.Equal(64, e.GetProperty("hash").GetString()!.Length);
        });

        // With the consent revoked, a CPAS member has no basis on the case: 404, not 403; so has an agency that never reached it.
        await (await cpas.GetAsync($"/api/v1/cases/{opened.Id}/access-log")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        using var strangerDpo = await api.ClientFor("victim-support-refuge-bruxelles", "dpo");
        await (await strangerDpo.GetAsync($"/api/v1/cases/{opened.Id}/access-log")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
    }
}
