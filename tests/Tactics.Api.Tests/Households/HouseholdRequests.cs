using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Households;

/// <summary>A couple of the test's own: fresh names and national numbers, so no other test shares its persons.</summary>
public sealed record Couple(string LastName, (string Number, DateOnly BirthDate) Victim, (string Number, DateOnly BirthDate) Author)
{
    public static Couple Fresh() => new(NationalNumbers.FreshName("Household"), NationalNumbers.Fresh(), NationalNumbers.Fresh());

    /// <summary>An "open a case" body; <paramref name="swapped"/> puts the author as victim and the victim as author.</summary>
    public JsonObject Body(JsonObject? victimAddress, JsonObject? authorAddress = null, bool swapped = false)
    {
        var victim = HouseholdRequests.Person("Sara", LastName, Victim, victimAddress);
        var author = HouseholdRequests.Person("Tom", LastName, Author, authorAddress);
        return new JsonObject { ["victim"] = swapped ? author : victim, ["author"] = swapped ? victim : author };
    }
}

public static class HouseholdRequests
{
    public static JsonObject Person(string firstName, string lastName, (string Number, DateOnly BirthDate)? identity, JsonObject? address)
    {
        var person = new JsonObject { ["firstName"] = firstName, ["lastName"] = lastName };
        if (identity is { } known)
        {
            person["birthDate"] = known.BirthDate.ToString("yyyy-MM-dd");
            person["nationalNumber"] = known.Number;
        }
        if (address is not null) person["address"] = address.DeepClone();
        return person;
    }

    public static JsonObject Address(string street, string? number, string? box, string postcode, string commune, bool confidential = false)
    {
        var address = new JsonObject { ["street"] = street, ["postcode"] = postcode, ["commune"] = commune, ["confidential"] = confidential };
        if (number is not null) address["number"] = number;
        if (box is not null) address["box"] = box;
        return address;
    }

    /// <summary>A house number and a box no other test uses (the box is letters, as a real one may be).</summary>
    public static (string Number, string Box) FreshDwelling() =>
        (Random.Shared.Next(1000, 9999).ToString(), NationalNumbers.FreshName("")[..8]);

    public static Guid HouseholdId(this OpenedCase opened) => opened.Body.GetProperty("householdId").GetGuid();

    public static async Task<Guid> HouseholdOf(this HttpClient client, Guid caseId) =>
        (await client.GetCase(caseId)).Body.GetProperty("householdId").GetGuid();

    /// <summary>The household of a case as stored, for a test whose caller may not see the household link.</summary>
    public static async Task<Guid> StoredHouseholdOf(this ApiFixture api, Guid caseId)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Tactics.Api.Infrastructure.Persistence.TacticsDbContext>();
        return await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => c.HouseholdId).SingleAsync();
    }

    public static async Task<JsonElement> GetHousehold(this HttpClient client, Guid householdId) =>
        await (await client.GetAsync($"/api/v1/households/{householdId}")).Json();

    public static IEnumerable<Guid> Guids(this JsonElement array) => array.EnumerateArray().Select(e => e.GetGuid());

    public static async Task<List<JsonElement>> Suggestions(this HttpClient client, Guid householdId, string? status = null)
    {
        var query = status is null ? "" : $"?status={status}";
        var page = await (await client.GetAsync($"/api/v1/households/{householdId}/link-suggestions{query}")).Json();
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string path, object? body = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> Merge(this HttpClient client, Guid householdId, Guid? otherHouseholdId, string? reason, string? idempotencyKey = null) =>
        client.PostJson($"/api/v1/households/{householdId}/merges", new { otherHouseholdId, reason }, idempotencyKey);

    public static async Task<JsonElement> Undo(this HttpClient client, Guid householdId, Guid mergeId, string reason = "Not the same couple after all.") =>
        await (await client.PostJson($"/api/v1/households/{householdId}/merges/{mergeId}/undo", new { reason })).Json();

    public static async Task<List<JsonElement>> Timeline(this HttpClient client, Guid caseId) =>
        [.. (await (await client.GetAsync($"/api/v1/cases/{caseId}/timeline")).Json()).GetProperty("items").EnumerateArray()];

    public static async Task<List<Guid>> CasesOfHousehold(this HttpClient client, Guid householdId) =>
        [.. (await (await client.GetAsync($"/api/v1/cases?householdId={householdId}&limit=200")).Json()).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("id").GetGuid())];

    public static async Task AssertNoContent(this HttpResponseMessage response, HttpStatusCode status) =>
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
}
