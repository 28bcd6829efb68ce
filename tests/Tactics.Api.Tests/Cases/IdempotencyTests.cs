using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Cases;

/// <summary>Idempotency-Key on POST: a retry replays the first answer and creates nothing.</summary>
public sealed class IdempotencyTests(ApiFixture api)
{
    private async Task<int> CasesOfVictim(string lastName)
    {
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        return await db.Cases.CountAsync(c => c.Victim.LastName == lastName);
    }

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_replays_the_first_answer_without_a_duplicate()
    {
        using var client = await api.ClientFor("police-5344");
        var lastName = $"Retry{Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();

        var first = await client.PostCase(CaseRequests.OpenCaseBody(lastName), key);
        var retry = await client.PostCase(CaseRequests.OpenCaseBody(lastName), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        var firstBody = await first.Json(HttpStatusCode.Created);
        var retryBody = await retry.Json(HttpStatusCode.Created);
        Assert.Equal(firstBody.GetProperty("id").GetGuid(), retryBody.GetProperty("id").GetGuid());
        Assert.Equal(CaseRequests.VictimNationalNumber, retryBody.GetProperty("victim").GetProperty("nationalNumber").GetString());
        Assert.Equal("open", retryBody.GetProperty("status").GetString());
        Assert.Equal(firstBody.ToString(), retryBody.ToString());
        Assert.Equal(1, await CasesOfVictim(lastName));
    }

    [Fact]
    public async Task A_replay_keeps_the_first_etag_and_renders_the_body_as_it_is_now()
    {
        using var client = await api.ClientFor("police-5344");
        var key = Guid.NewGuid().ToString();
        var body = CaseRequests.OpenCaseBody();
        var opened = await client.OpenCase(body, key);
        await (await client.PatchCase(opened.Id, """{ "victim": { "phone": "+32470654321" } }""", opened.ETag)).Json();

        var retry = await client.PostCase(body, key);

        var replayed = await retry.Json(HttpStatusCode.Created);
        Assert.Equal(opened.ETag, retry.Headers.ETag!.ToString());
        Assert.Equal("+32470654321", replayed.GetProperty("victim").GetProperty("phone").GetString());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_409()
    {
        using var client = await api.ClientFor("police-5344");
        var key = Guid.NewGuid().ToString();
        await client.OpenCase(CaseRequests.OpenCaseBody(), key);

        var other = await client.PostCase(CaseRequests.OpenCaseBody().With("victim.firstName", "Someone else"), key);

        await other.AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:idempotency-key-reused");
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_create_one_case()
    {
        using var client = await api.ClientFor("police-5344");
        var lastName = $"Race{Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostCase(CaseRequests.OpenCaseBody(lastName), key)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.Location).Distinct());
        Assert.Equal(1, await CasesOfVictim(lastName));
    }

    [Fact]
    public async Task Keys_are_per_agency_and_user()
    {
        using var police = await api.ClientFor("police-5344");
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var key = Guid.NewGuid().ToString();

        var first = await police.OpenCase(CaseRequests.OpenCaseBody(), key);
        var other = await cpas.OpenCase(CaseRequests.OpenCaseBody(), key);

        Assert.NotEqual(first.Id, other.Id);
    }

    [Fact]
    public async Task A_retried_incident_is_recorded_once()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        var key = Guid.NewGuid().ToString();
        var incident = CaseRequests.IncidentBody();

        var first = await client.PostIncident(opened.Id, incident, opened.ETag, key);
        // The retry carries the same (now stale) If-Match: the replay answers before any check.
        var retry = await client.PostIncident(opened.Id, incident, opened.ETag, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.Headers.ETag!.ToString(), retry.Headers.ETag!.ToString());
        Assert.NotEqual(opened.ETag, retry.Headers.ETag!.ToString());
        var list = await (await client.GetAsync($"/api/v1/cases/{opened.Id}/incidents")).Json();
        Assert.Single(list.GetProperty("items").EnumerateArray());

        // The same key on another case's route is another request.
        var other = await client.OpenCase();
        var elsewhere = await client.PostIncident(other.Id, CaseRequests.IncidentBody(), idempotencyKey: key);
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
    }

    [Fact]
    public async Task A_retried_risk_assessment_is_recorded_once()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        var key = Guid.NewGuid().ToString();

        var first = await client.PostRiskAssessment(opened.Id, CaseRequests.RiskBody(), idempotencyKey: key);
        var retry = await client.PostRiskAssessment(opened.Id, CaseRequests.RiskBody(), idempotencyKey: key);

        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        var history = await (await client.GetAsync($"/api/v1/cases/{opened.Id}/risk-assessments")).Json();
        Assert.Single(history.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_failed_request_records_nothing_so_a_corrected_retry_can_use_the_key()
    {
        using var client = await api.ClientFor("police-5344");
        var key = Guid.NewGuid().ToString();
        await (await client.PostCase(CaseRequests.OpenCaseBody().With("victim.nationalNumber", "90041712325"), key)).AssertValidationProblem("victim.nationalNumber");

        // A different body with the same key: the first attempt left no record, so it is not a conflict.
        var corrected = await client.PostCase(CaseRequests.OpenCaseBody(), key);
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
    }

    [Theory]
    [InlineData("key with spaces")]
    [InlineData("ééé")]
    public async Task A_malformed_key_is_a_400(string key)
    {
        using var client = await api.ClientFor("police-5344");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases") { Content = System.Net.Http.Json.JsonContent.Create(CaseRequests.OpenCaseBody()) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        await (await client.SendAsync(request)).AssertProblem(HttpStatusCode.BadRequest, "urn:tactics:problem:invalid-idempotency-key");
    }

    [Fact]
    public async Task A_too_long_key_is_a_400()
    {
        using var client = await api.ClientFor("police-5344");
        await (await client.PostCase(CaseRequests.OpenCaseBody(), new string('k', 201))).AssertProblem(HttpStatusCode.BadRequest, "urn:tactics:problem:invalid-idempotency-key");
    }
}

/// <summary>Records live 24 hours: after that the key is free again, and the purge deletes them.</summary>
public sealed class IdempotencyExpiryTests(ApiFixture api)
{
    private async Task StoreOldRecord(string key, TimeSpan age)
    {
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var scopeOfKey = new Tactics.Api.Common.Idempotency.IdempotencyScope("police-5344", "user-of-police-5344", "POST /api/v1/cases", key, new byte[32]);
        db.IdempotencyRecords.Add(new Tactics.Api.Common.Idempotency.IdempotencyRecord(scopeOfKey, 201, $"/api/v1/cases/{Guid.NewGuid()}", "\"1\"", Guid.NewGuid(),
            DateTimeOffset.UtcNow - age));
        await db.SaveChangesAsync();
    }

    private async Task<bool> Exists(string key)
    {
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        return await db.IdempotencyRecords.AnyAsync(r => r.Key == key);
    }

    [Fact]
    public async Task A_key_older_than_24_hours_is_free_again()
    {
        var key = Guid.NewGuid().ToString();
        await StoreOldRecord(key, TimeSpan.FromHours(25));
        using var client = await api.ClientFor("police-5344");

        var response = await client.PostCase(CaseRequests.OpenCaseBody(), key);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task A_key_younger_than_24_hours_still_answers()
    {
        var key = Guid.NewGuid().ToString();
        await StoreOldRecord(key, TimeSpan.FromHours(23));
        using var client = await api.ClientFor("police-5344");

        // The stored request hash is not this body's: the key is taken.
        var response = await client.PostCase(CaseRequests.OpenCaseBody(), key);

        await response.AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:idempotency-key-reused");
    }

    [Fact]
    public async Task The_purge_deletes_expired_records_only()
    {
        var expired = Guid.NewGuid().ToString();
        var live = Guid.NewGuid().ToString();
        await StoreOldRecord(expired, TimeSpan.FromHours(25));
        await StoreOldRecord(live, TimeSpan.FromHours(1));

        var purged = await api.Factory.Services.GetRequiredService<Tactics.Api.Common.Idempotency.IdempotencyPurge>().PurgeAsync(CancellationToken.None);

        Assert.True(purged >= 1);
        Assert.False(await Exists(expired));
        Assert.True(await Exists(live));
    }
}
