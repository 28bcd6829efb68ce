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
        await (await police.PatchCase(opened.Id, """{ "victim": { "phone": "+32470654321" } }""", "\"4\"")).Json();
        await (await police.PatchCase(opened.Id, """{ "status": "closed", "closedReason": "Done." }""", "\"5\"")).Json();
        await (await police.PatchCase(opened.Id, """{ "status": "open" }""", "\"6\"")).Json();

        var events = await api.EventsOf(opened.Id);

        // The contact change and the assessments that raise nothing stay on the timeline: no catalogue event.
        Assert.Equal(["case.opened", "case.incident_recorded", "case.risk_raised", "case.closed", "case.reopened"], events.Select(e => e.Type));
        Assert.Equal(incident.GetProperty("id").GetGuid().ToString(), events[1].Data["incidentId"]);
        Assert.Equal(assessment.GetProperty("id").GetGuid().ToString(), events[2].Data["riskAssessmentId"]);
        Assert.All(events, e =>
        {
            Assert.Equal(opened.Id.ToString(), e.Data["caseId"]);
            Assert.All(e.Data, pair => Assert.True(pair.Key.EndsWith("Id", StringComparison.Ordinal) && Guid.TryParse(pair.Value, out _), $"{pair.Key} is not an id"));
            Assert.Equal(EventTypes.Categories[e.Type], e.Type switch
            {
                "case.incident_recorded" => EventCategory.Facts,
                "case.risk_raised" => EventCategory.Risk,
                _ => EventCategory.Core,
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

        Assert.Equal(["case.opened", "case.incident_recorded"], (await api.EventsOf(opened.Id)).Select(e => e.Type));
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
        return [.. resolved[outboxEvent.Id].Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Role_rules_name_the_recipients_of_each_event()
    {
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var opened = await cpas.OpenCaseIn1210();

        // Custody: the zone of the victim's address and its SAPV, whoever owns the case.
        Assert.Equal(["police-5344", "sapv-5344"], await Resolve(EventTypes.CustodyReleased, opened.Id));
        Assert.Equal(["police-5344", "sapv-5344"], await Resolve(EventTypes.CustodyReleaseScheduled, opened.Id));
        Assert.Equal(["police-5344", "sapv-5344"], await Resolve(EventTypes.CustodyLeaveGranted, opened.Id));
        // Measures: the zone's police, which enforces them.
        Assert.Equal(["police-5344"], await Resolve(EventTypes.MeasureExpiring, opened.Id));
        // The consent ledger: the owner.
        Assert.Equal(["cpas-saint-josse"], await Resolve(EventTypes.CaseConsentGranted, opened.Id));
        Assert.Equal(["cpas-saint-josse"], await Resolve(EventTypes.CaseConsentRevoked, opened.Id));
        // Followers only (none yet), plus whom the raiser names (the participants of a consultation).
        Assert.Empty(await Resolve(EventTypes.CaseIncidentRecorded, opened.Id));
        Assert.Empty(await Resolve(EventTypes.CaseRiskRaised, opened.Id));
        Assert.Empty(await Resolve(EventTypes.CaseHouseholdLinked, opened.Id));
        Assert.Equal(["coordination-olista", "police-5344"], await Resolve(EventTypes.CaseConsultationOpened, opened.Id, null, "police-5344", "coordination-olista"));
        // A case that does not exist: only the named agencies.
        Assert.Equal(["sapv-5345"], await Resolve(EventTypes.CustodyReleased, Guid.NewGuid(), null, "sapv-5345"));
    }

    [Fact]
    public async Task A_task_event_reaches_its_assignee_and_an_escalation_the_zone_police_and_the_owner()
    {
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var opened = await parquet.OpenCaseIn1210();
        var (_, taskId) = await parquet.Release(opened.Id);
        var ids = new Dictionary<string, string> { ["taskId"] = taskId.ToString() };

        Assert.Equal(["sapv-5344"], await Resolve(EventTypes.TaskAssigned, opened.Id, ids));
        Assert.Equal(["parquet-bruxelles", "police-5344"], await Resolve(EventTypes.TaskEscalated, opened.Id, ids));
        // A task id of another case names nobody.
        using var other = await api.ClientFor("parquet-bruxelles");
        var otherCase = await other.OpenCaseIn1210();
        Assert.Empty(await Resolve(EventTypes.TaskAssigned, otherCase.Id, ids));
    }

    [Fact]
    public async Task The_victims_address_decides_the_zone_across_districts()
    {
        using var parquet = await api.ClientFor("parquet-antwerpen");
        var body = CaseRequests.OpenCaseBody("Antwerp").With("victim.address.postcode", "2000").With("victim.address.commune", "Antwerpen");
        var opened = await parquet.OpenCase(body);

        Assert.Equal(["police-5345", "sapv-5345"], await Resolve(EventTypes.CustodyReleased, opened.Id));
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
            Event(EventTypes.CustodyReleased, inBrussels.Id),
            Event(EventTypes.CustodyReleased, inAntwerp.Id),
            Event(EventTypes.TaskEscalated, inBrussels.Id, taskId.ToString()),
            Event(EventTypes.TaskAssigned, inAntwerp.Id, taskId.ToString()),
            Event(EventTypes.CaseConsentGranted, inAntwerp.Id),
            Event(EventTypes.MeasureImposed, null, null, "justice-house-bruxelles"),
        ];
        await using var scope = api.Factory.Services.CreateAsyncScope();

        var resolved = await scope.ServiceProvider.GetRequiredService<IEventRecipients>().ResolveAsync(batch, CancellationToken.None);

        Assert.Equal([
            ["police-5344", "sapv-5344"],
            ["police-5345", "sapv-5345"],
            ["parquet-bruxelles", "police-5344"],
            [],
            ["parquet-antwerpen"],
            ["justice-house-bruxelles"],
        ], batch.Select(e => resolved[e.Id].Order(StringComparer.Ordinal).ToArray()));
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
