using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Cases;

public sealed class OpenCaseTests(ApiFixture api)
{
    [Fact]
    public async Task Opening_a_case_answers_201_with_location_etag_and_the_case()
    {
        using var client = await api.ClientFor("police-5344");
        var request = CaseRequests.OpenCaseBody();
        var response = await client.PostCase(request);
        var opened = await response.AsOpenedCase();

        Assert.Equal($"/api/v1/cases/{opened.Id}", response.Headers.Location!.OriginalString);
        CaseAssertions.AssertETag(opened.ETag);
        Assert.Equal(opened.ETag, (await client.GetCase(opened.Id)).ETag);
        var body = opened.Body;
        Assert.Equal("open", body.GetProperty("status").GetString());
        Assert.Equal("police-5344", body.GetProperty("ownerAgency").GetString());
        Assert.NotEqual(Guid.Empty, body.GetProperty("householdId").GetGuid());
        Assert.False(body.TryGetProperty("riskLevel", out _));
        Assert.False(body.TryGetProperty("closedReason", out _));
        // No version: a counter would tell the caller of changes it cannot see (the ETag is a keyed hash of what it sees).
        Assert.False(body.TryGetProperty("version", out _));
        Assert.Equal(body.GetProperty("createdAt").GetDateTimeOffset(), body.GetProperty("updatedAt").GetDateTimeOffset());
        CaseAssertions.AssertWithheldFromPolice(body);

        var victim = body.GetProperty("victim");
        Assert.Equal("Amina", victim.GetProperty("firstName").GetString());
        Assert.Equal("1990-04-17", victim.GetProperty("birthDate").GetString());
        Assert.Equal(CaseRequests.VictimNationalNumber, victim.GetProperty("nationalNumber").GetString());
        Assert.Equal("+32470123456", victim.GetProperty("phone").GetString());
        Assert.Equal("1210", victim.GetProperty("address").GetProperty("postcode").GetString());
        Assert.Equal("3", victim.GetProperty("address").GetProperty("box").GetString());
        var author = body.GetProperty("author");
        Assert.Equal(request["author"]!["nationalNumber"]!.GetValue<string>(), author.GetProperty("nationalNumber").GetString());
        Assert.Equal("Rue de la Limite 12", author.GetProperty("address").GetProperty("street").GetString());
        Assert.False(author.GetProperty("address").TryGetProperty("number", out _));
        var child = Assert.Single(body.GetProperty("children").EnumerateArray());
        Assert.True(child.GetProperty("presentAtIncidents").GetBoolean());
    }

    [Fact]
    public async Task Each_new_case_gets_a_household_of_its_own()
    {
        using var client = await api.ClientFor("police-5344");
        var first = await client.OpenCase();
        var second = await client.OpenCase();
        Assert.NotEqual(first.Body.GetProperty("householdId").GetGuid(), second.Body.GetProperty("householdId").GetGuid());
    }

    [Fact]
    public async Task Any_agency_kind_may_open_a_case_and_owns_it()
    {
        using var client = await api.ClientFor("cpas-saint-josse");
        var opened = await client.OpenCase();
        Assert.Equal("cpas-saint-josse", opened.Body.GetProperty("ownerAgency").GetString());
    }

    [Fact]
    public async Task A_case_needs_only_the_victims_names()
    {
        using var client = await api.ClientFor("health-cpvs-bruxelles");
        var opened = await client.OpenCase(JsonNode.Parse("""{ "victim": { "firstName": "A", "lastName": "B" } }""")!.AsObject());

        var victim = opened.Body.GetProperty("victim");
        Assert.False(victim.TryGetProperty("nationalNumber", out _));
        Assert.False(opened.Body.TryGetProperty("author", out _));
        Assert.Empty(opened.Body.GetProperty("children").EnumerateArray());
    }

    [Fact]
    public async Task A_national_number_with_separators_is_accepted_and_shown_as_digits()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase(CaseRequests.OpenCaseBody().With("victim.nationalNumber", "90.04.17-123.24"));
        Assert.Equal("90041712324", opened.Body.GetProperty("victim").GetProperty("nationalNumber").GetString());
    }

    [Fact]
    public async Task A_bis_number_is_accepted()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase(CaseRequests.OpenCaseBody().With("victim.nationalNumber", "90241712367"));
        Assert.Equal("90241712367", opened.Body.GetProperty("victim").GetProperty("nationalNumber").GetString());
    }

    public static TheoryData<string, string, string?> InvalidFields() => new()
    {
        { "victim.nationalNumber", "victim.nationalNumber", "90041712325" },
        { "author.nationalNumber", "author.nationalNumber", "8711029878" },
        { "victim.nationalNumber", "victim.nationalNumber", "87110298781" }, // valid, but not the victim's birth date
        { "author.nationalNumber", "author.nationalNumber", "87110298713" }, // check digits of someone born in 2087
        { "victim.address.postcode", "victim.address.postcode", "0999" },
        { "author.address.postcode", "author.address.postcode", "12100" },
        { "victim.birthDate", "victim.birthDate", DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd") },
        { "victim.firstName", "victim.firstName", "" },
        { "victim.lastName", "victim.lastName", null },
        { "victim.phone", "victim.phone", "call me maybe" },
        { "victim.address.street", "victim.address.street", "" },
        { "victim.address.commune", "victim.address.commune", new string('x', 101) },
        { "children.0.birthYear", "children[0].birthYear", (DateTime.UtcNow.Year - 30).ToString() },
        { "children.0.birthYear", "children[0].birthYear", (DateTime.UtcNow.Year + 1).ToString() },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task An_invalid_field_is_a_400_naming_it(string path, string field, string? value)
    {
        using var client = await api.ClientFor("police-5344");
        var body = CaseRequests.OpenCaseBody();
        JsonNode? node = value is null ? null : int.TryParse(value, out var number) && path.EndsWith("birthYear") ? JsonValue.Create(number) : JsonValue.Create(value);
        if (path.StartsWith("children.0.", StringComparison.Ordinal))
        {
            body["children"]![0]![path["children.0.".Length..]] = node;
        }
        else
        {
            body = body.With(path, node);
        }

        var problem = await (await client.PostCase(body)).AssertValidationProblem(field);

        Assert.DoesNotContain("90041712325", problem.ToString());
    }

    [Fact]
    public async Task A_missing_victim_is_a_400_naming_it()
    {
        using var client = await api.ClientFor("police-5344");
        await (await client.PostCase(CaseRequests.OpenCaseBody().Without("victim"))).AssertValidationProblem("victim");
    }

    [Fact]
    public async Task More_than_twenty_children_is_a_400()
    {
        using var client = await api.ClientFor("police-5344");
        var children = new JsonArray([.. Enumerable.Range(0, 21).Select(_ => (JsonNode)JsonNode.Parse($$"""{ "birthYear": {{DateTime.UtcNow.Year - 2}}, "presentAtIncidents": false }""")!)]);
        await (await client.PostCase(CaseRequests.OpenCaseBody().With("children", children))).AssertValidationProblem("children");
    }

    [Fact]
    public async Task The_national_number_is_stored_only_as_a_keyed_hash_and_a_ciphertext()
    {
        using var client = await api.ClientFor("police-5344");
        var lastName = $"Stored{Guid.NewGuid():N}";
        var otherLastName = $"Stored{Guid.NewGuid():N}";
        await client.OpenCase(CaseRequests.OpenCaseBody(lastName));
        await client.OpenCase(CaseRequests.OpenCaseBody(otherLastName));

        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var persons = await db.Persons.AsNoTracking().Where(p => p.LastName == lastName).ToListAsync();
        Assert.Equal(2, persons.Count);
        foreach (var person in persons)
        {
            Assert.Equal(32, person.NationalNumberKey!.Length);
            var cipher = System.Text.Encoding.ASCII.GetString(person.NationalNumberCipher!);
            Assert.DoesNotContain("900417", cipher);
            Assert.DoesNotContain("871102", cipher);
        }
        // The same number gives the same linkage key on any case (household matching), and a fresh ciphertext each time.
        var victim = persons.Single(p => p.FirstName == "Amina");
        var sameVictim = await db.Persons.AsNoTracking().SingleAsync(p => p.LastName == otherLastName && p.FirstName == "Amina");
        Assert.Equal(victim.NationalNumberKey, sameVictim.NationalNumberKey);
        Assert.NotEqual(victim.NationalNumberCipher, sameVictim.NationalNumberCipher);
        Assert.NotEqual(persons[0].NationalNumberKey, persons[1].NationalNumberKey);
    }

    [Fact]
    public async Task No_personal_data_reaches_the_logs()
    {
        using var client = await api.ClientFor("police-5344");
        var lastName = $"Logged{Guid.NewGuid():N}";
        var opened = await client.OpenCase(CaseRequests.OpenCaseBody(lastName));
        await client.PostCase(CaseRequests.OpenCaseBody(lastName).With("victim.nationalNumber", "90041712325"));
        await client.GetAsync($"/api/v1/cases/{opened.Id}");

        Assert.Contains(api.Factory.LogLines, line => line.Contains("OpenCaseCommand completed"));
        Assert.DoesNotContain(api.Factory.LogLines, line => line.Contains(lastName) || line.Contains("90041712325") || line.Contains("+32470123456"));
    }
}
