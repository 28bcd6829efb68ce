using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Domain.Households;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Features.Notifications.Dispatch;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Sharing;

namespace Tactics.Api.Tests.Notifications;

/// <summary>Every case change of the catalogue becomes its thin event in the change's transaction; recipients follow the role rules.</summary>
public sealed class CaseEventOutboxTests(ApiFixture api)
{
    [Fact]
    public async Task Every_case_change_of_the_catalogue_raises_its_event_and_the_others_stay_on_the_timeline()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCaseIn1210();
        var incident = await (await police.PostIncident(opened.Id, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created);
        var assessment = await (await police.PostRiskAssessment(opened.Id, CaseRequests.RiskBody())).Json(HttpStatusCode.Created);
        await (await police.PostRiskAssessment(opened.Id, CaseRequests.RiskBody("no", "no", "no", "no", "no"))).Json(HttpStatusCode.Created);
        await (await police.PatchCase(opened.Id, """{ "victim": { "phone": "+32470654321" } }""", (await police.GetCase(opened.Id)).ETag)).Json();
        await (await police.PatchCase(opened.Id, """{ "status": "closed", "closedReason": "Done." }""", (await police.GetCase(opened.Id)).ETag)).Json();
        await (await police.PatchCase(opened.Id, """{ "status": "open" }""", (await police.GetCase(opened.Id)).ETag)).Json();

        var raised = await api.EventsOf(opened.Id);
        // The family-dispute PV assigns its EVA call-back at the same instant (task.assigned, whose order against the PV's event
        // the outbox's random ids decide).
        Assert.Single(raised, e => e.Type == EventCatalogue.TaskAssigned && e.Data["incidentId"] == incident.GetProperty("id").GetGuid().ToString());
        var events = raised.Where(e => e.Type != EventCatalogue.TaskAssigned).ToList();

        // The contact change and the assessments that raise nothing stay on the timeline: no catalogue event.
        Assert.Equal(["case.opened", "case.incident_recorded", "case.risk_raised", "case.closed", "case.reopened"], events.Select(e => e.Type));
        Assert.Equal(incident.GetProperty("id").GetGuid().ToString(), events[1].Data["incidentId"]);
        Assert.Equal(assessment.GetProperty("id").GetGuid().ToString(), events[2].Data["riskAssessmentId"]);
        Assert.All(events, e =>
        {
            Assert.Equal(opened.Id.ToString(), e.Data["caseId"]);
            Assert.All(e.Data, pair => Assert.True(pair.Key.EndsWith("Id", StringComparison.Ordinal) && Guid.TryParse(pair.Value, out _), $"{pair.Key} is not an id"));
            Assert.Equal(EventCatalogue.CategoryOf(e.Type), e.Type switch
            {
                "case.incident_recorded" => DataCategory.Facts,
                "case.risk_raised" => DataCategory.Risk,
                _ => DataCategory.Core,
            });
        });
    }

    [Fact]
    public async Task A_refused_change_raises_nothing()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCaseIn1210();
        await (await police.PostIncident(opened.Id, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created);

        await (await police.PostIncident(opened.Id, CaseRequests.IncidentBody(), opened.ETag)).AssertProblem(HttpStatusCode.PreconditionFailed, "urn:tactics:problem:precondition-failed");
        await (await police.PostIncident(opened.Id, CaseRequests.IncidentBody().Without("facts"))).AssertValidationProblem("facts");

        // The family-dispute PV assigned its EVA call-back (at the same instant as its own event); the refused ones raised nothing.
        Assert.Equal(["case.incident_recorded", "case.opened", "task.assigned"], (await api.EventsOf(opened.Id)).Select(e => e.Type).Order());
    }

    [Fact]
    public async Task Linking_a_case_to_another_household_raises_case_household_linked()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCaseIn1210();

        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                var household = new Household(Guid.NewGuid(), DateTimeOffset.UtcNow);
                db.Households.Add(household);
                var @case = await db.Cases.SingleAsync(c => c.Id == opened.Id);
                @case.LinkToHousehold(household.Id, "police-5344", DateTimeOffset.UtcNow);
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
            });
        }

        Assert.Equal(["case.opened", "case.household_linked"], (await api.EventsOf(opened.Id)).Select(e => e.Type));
    }

    private async Task<List<string>> Resolve(string type, Guid? caseId, IReadOnlyDictionary<string, string>? ids = null, params string[] named)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var data = new Dictionary<string, string>(ids ?? new Dictionary<string, string>());
        if (caseId is { } id) data["caseId"] = id.ToString();
        var outboxEvent = new OutboxEvent(OutboxEventId.New(DateTimeOffset.UtcNow), type, DateTimeOffset.UtcNow, caseId, data, named);
        var resolved = await scope.ServiceProvider.GetRequiredService<IEventRecipients>().ResolveAsync([outboxEvent], CancellationToken.None);
        return [.. resolved[outboxEvent.Id].Agencies.Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Role_rules_and_the_policy_name_the_recipients_of_each_event()
    {
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var opened = await cpas.OpenCaseIn1210();

        // Custody: the zone of the victim's address and its SAPV, whoever owns the case; the CPAS owner sees no judicial.
        Assert.Equal(["police-5344", "sapv-5344"], await Resolve(EventCatalogue.CustodyReleased, opened.Id));
        Assert.Equal(["police-5344", "sapv-5344"], await Resolve(EventCatalogue.CustodyReleaseScheduled, opened.Id));
        Assert.Equal(["police-5344", "sapv-5344"], await Resolve(EventCatalogue.CustodyLeaveGranted, opened.Id));
        // Measures: the zone's police, which enforces them.
        Assert.Equal(["police-5344"], await Resolve(EventCatalogue.MeasureExpiring, opened.Id));
        // A consent event that names no consent of this case names nobody.
        Assert.Empty(await Resolve(EventCatalogue.CaseConsentGranted, opened.Id));
        Assert.Empty(await Resolve(EventCatalogue.CaseConsentRevoked, opened.Id));
        // Category events: followers (none yet) and the owner only when it sees the category.
        Assert.Equal(["cpas-saint-josse"], await Resolve(EventCatalogue.CaseClosed, opened.Id));
        Assert.Empty(await Resolve(EventCatalogue.CaseIncidentRecorded, opened.Id));
        Assert.Empty(await Resolve(EventCatalogue.CaseRiskRaised, opened.Id));
        // The household rule: the CPAS owner does not reach the case by legal mission.
        Assert.Empty(await Resolve(EventCatalogue.CaseHouseholdLinked, opened.Id));
        // A consultation: its participants (named by the raiser) and the owner.
        Assert.Equal(["coordination-olista", "cpas-saint-josse", "police-5344"],
            await Resolve(EventCatalogue.CaseConsultationOpened, opened.Id, null, "police-5344", "coordination-olista"));
        // A category event names no one past the policy: a named agency without a basis hears nothing.
        Assert.Empty(await Resolve(EventCatalogue.CaseIncidentRecorded, opened.Id, null, "health-cpvs-bruxelles"));
        // A case that does not exist: no one.
        Assert.Empty(await Resolve(EventCatalogue.CustodyReleased, Guid.NewGuid(), null, "sapv-5345"));
        // Timeline-only types are never delivered.
        Assert.Empty(await Resolve(EventCatalogue.CaseRecordAdded, opened.Id, null, "cpas-saint-josse"));
    }

    [Fact]
    public async Task The_victims_address_decides_the_zone_across_districts()
    {
        using var parquet = await api.ClientFor("parquet-antwerpen");
        var body = CaseRequests.OpenCaseBody("Antwerp").With("victim.address.postcode", "2000").With("victim.address.commune", "Antwerpen");
        var opened = await parquet.OpenCase(body);

        // The parquet that owns the case sees judicial: it hears of it too.
        Assert.Equal(["parquet-antwerpen", "police-5345", "sapv-5345"], await Resolve(EventCatalogue.CustodyReleased, opened.Id));
    }

    [Fact]
    public async Task A_dispatch_batch_resolves_each_event_on_its_own_case()
    {
        using var brussels = await api.ClientFor("parquet-bruxelles");
        using var antwerp = await api.ClientFor("parquet-antwerpen");
        var inBrussels = await brussels.OpenCaseIn1210();
        var inAntwerp = await antwerp.OpenCase(CaseRequests.OpenCaseBody("Antwerp").With("victim.address.postcode", "2000").With("victim.address.commune", "Antwerpen"));
        var (_, taskId) = await brussels.Release(inBrussels.Id);
        var now = DateTimeOffset.UtcNow;
        OutboxEvent Event(string type, Guid? caseId, string? task = null, params string[] named) => new(OutboxEventId.New(now), type, now, caseId,
            task is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["taskId"] = task }, named);
        OutboxEvent[] batch =
        [
            Event(EventCatalogue.CustodyReleased, inBrussels.Id),
            Event(EventCatalogue.CustodyReleased, inAntwerp.Id),
            Event(EventCatalogue.TaskEscalated, inBrussels.Id, taskId.ToString()),
            Event(EventCatalogue.TaskAssigned, inAntwerp.Id, taskId.ToString()),
            Event(EventCatalogue.CaseConsentGranted, inAntwerp.Id),
            Event(EventCatalogue.MeasureImposed, null, null, "justice-house-bruxelles"),
        ];
        await using var scope = api.Factory.Services.CreateAsyncScope();

        var resolved = await scope.ServiceProvider.GetRequiredService<IEventRecipients>().ResolveAsync(batch, CancellationToken.None);

        Assert.Equal([
            ["parquet-bruxelles", "police-5344", "sapv-5344"],
            ["parquet-antwerpen", "police-5345", "sapv-5345"],
            ["parquet-bruxelles", "police-5344", "sapv-5344"],
            [],
            [],
            ["justice-house-bruxelles"],
        ], batch.Select(e => resolved[e.Id].Agencies.Order(StringComparer.Ordinal).ToArray()));
        Assert.Equal(DataCategory.Judicial, resolved[batch[2].Id].Category);
    }

    [Theory]
    [InlineData(0, null, 2 * 60)]                 // released: two hours
    [InlineData(0, 3 * 24 * 60, 3 * 24 * 60 - 120)] // scheduled far ahead: two hours before the release
    [InlineData(0, 3 * 60, 2 * 60)]               // scheduled in three hours: never sooner than the usual two
    [InlineData(0, 60, 60)]                       // scheduled within the hour: at the release, never after
    public void The_inform_victim_deadline_rule(int nowMinutes, int? releaseMinutes, int dueMinutes)
    {
        var origin = new DateTimeOffset(2026, 11, 26, 15, 0, 0, TimeSpan.Zero);
        var due = CaseTask.InformVictimDueAt(origin.AddMinutes(nowMinutes), releaseMinutes is { } r ? origin.AddMinutes(r) : null,
            TimeSpan.FromHours(2), TimeSpan.FromHours(2));
        Assert.Equal(origin.AddMinutes(dueMinutes), due);
    }
}
