using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Cases;

/// <summary>A case the caller may not know of answers exactly like a case that does not exist, on every route.</summary>
public sealed class CaseAccessTests(ApiFixture api)
{
    [Fact]
    public async Task The_owner_reads_its_case_with_its_etag()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();

        var (body, etag) = await client.GetCase(opened.Id);

        Assert.Equal(opened.ETag, etag);
        Assert.Equal(opened.Id, body.GetProperty("id").GetGuid());
        Assert.Equal(opened.Body.GetProperty("createdAt").GetString(), body.GetProperty("createdAt").GetString());
        Assert.Equal(CaseRequests.VictimNationalNumber, body.GetProperty("victim").GetProperty("nationalNumber").GetString());
        CaseAssertions.AssertWithheldFromPolice(body);
    }

    public static TheoryData<string, string> Routes() => new()
    {
        { "GET", "" },
        { "PATCH", "" },
        { "GET", "/timeline" },
        { "GET", "/incidents" },
        { "POST", "/incidents" },
        { "GET", $"/incidents/{Guid.NewGuid()}" },
        { "GET", "/risk-assessments" },
        { "POST", "/risk-assessments" },
        { "GET", $"/risk-assessments/{Guid.NewGuid()}" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_foreign_agency_gets_the_same_404_as_for_a_case_that_does_not_exist(string method, string suffix)
    {
        using var owner = await api.ClientFor("police-5344");
        var opened = await owner.OpenCase();
        using var foreign = await api.ClientFor("police-5339");

        var hidden = await Send(foreign, method, $"/api/v1/cases/{opened.Id}{suffix}");
        var missing = await Send(foreign, method, $"/api/v1/cases/{Guid.NewGuid()}{suffix}");

        var hiddenProblem = await hidden.AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        var missingProblem = await missing.AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        foreach (var member in new[] { "status", "type", "title", "detail" })
        {
            Assert.Equal(missingProblem.GetProperty(member).ToString(), hiddenProblem.GetProperty(member).ToString());
        }
        Assert.Equal(missing.Headers.ETag, hidden.Headers.ETag);
    }

    [Fact]
    public async Task The_foreign_agencys_attempts_change_nothing()
    {
        using var owner = await api.ClientFor("police-5344");
        var opened = await owner.OpenCase();
        using var foreign = await api.ClientFor("police-5339");

        await foreign.PatchCase(opened.Id, """{ "status": "closed", "closedReason": "Not mine." }""", opened.ETag);
        await foreign.PostIncident(opened.Id, CaseRequests.IncidentBody(zone: "5339"));
        await foreign.PostRiskAssessment(opened.Id, CaseRequests.RiskBody());

        var (body, etag) = await owner.GetCase(opened.Id);
        Assert.Equal(opened.ETag, etag);
        Assert.Equal("open", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_malformed_case_id_is_a_404()
    {
        using var client = await api.ClientFor("police-5344");
        await (await client.GetAsync("/api/v1/cases/not-a-guid")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PATCH")
        {
            request.Content = new StringContent("""{ "victim": { "phone": "+32470000000" } }""", System.Text.Encoding.UTF8, "application/merge-patch+json");
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        }
        else if (method == "POST")
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(path.EndsWith("/incidents") ? CaseRequests.IncidentBody(zone: "5339") : (JsonNode)CaseRequests.RiskBody());
        }
        return client.SendAsync(request);
    }
}
