using System.Net;
using System.Net.Http.Json;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Policy;
using Tactics.Api.Sharing;

namespace Tactics.Api.Tests.Notifications;

/// <summary>Followers hear of a case's events only while their basis covers the event's category.</summary>
[Collection(DispatcherCollection.Name)]
public sealed class FollowerRoutingTests(ApiFixture api)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_follower_hears_of_incidents_while_its_basis_covers_facts_and_not_after_its_consent_is_revoked()
    {
        await using var host = DispatcherHost.Start(api, loop: true);
        var caseId = await api.OpenCaseAs("police-5344");
        using var police = await api.ClientFor("police-5344");
        using var sapv = await api.ClientFor("sapv-5344");
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var consentId = await police.GrantConsent(caseId, SharingKit.ToAgency("cpas-saint-josse"), ["facts"]);
        Assert.Equal(HttpStatusCode.Created, (await sapv.PostAsJsonAsync($"/api/v1/cases/{caseId}/followers", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await cpas.PostAsJsonAsync($"/api/v1/cases/{caseId}/followers", new { })).StatusCode);

        await (await police.PostIncident(caseId, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created);
        await WebhookReceiver.Eventually(() => sapv.InboxItems(caseId, EventCatalogue.CaseIncidentRecorded).Result.Count == 1, Patience, "the SAPV follower's inbox");
        await WebhookReceiver.Eventually(() => cpas.InboxItems(caseId, EventCatalogue.CaseIncidentRecorded).Result.Count == 1, Patience, "the consented CPAS follower's inbox");

        // The victim withdraws her consent: the CPAS still follows, but hears nothing more.
        await police.RevokeConsent(caseId, consentId);
        await (await police.PostIncident(caseId, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created);
        await WebhookReceiver.Eventually(() => sapv.InboxItems(caseId, EventCatalogue.CaseIncidentRecorded).Result.Count == 2, Patience, "the SAPV hears of the second incident");
        Assert.Single(await cpas.InboxItems(caseId, EventCatalogue.CaseIncidentRecorded));

        // An agency that does not follow the case hears nothing of it.
        using var parquet = await api.ClientFor("parquet-bruxelles");
        Assert.Empty(await parquet.InboxItems(caseId, EventCatalogue.CaseIncidentRecorded));
    }
}
