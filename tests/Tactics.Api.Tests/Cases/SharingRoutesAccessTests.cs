using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Cases;

/// <summary>Followers, 458ter consultations and 458bis disclosures of a case the caller may not know of answer like a missing case.</summary>
public sealed class SharingRoutesAccessTests(ApiFixture api)
{
    public static TheoryData<string, string> Routes() => new()
    {
        { "GET", "/followers" },
        { "POST", "/followers" },
        { "GET", "/followers/police-5339" },
        { "DELETE", "/followers/police-5339" },
        { "GET", "/consultations" },
        { "POST", "/consultations" },
        { "GET", $"/consultations/{Guid.NewGuid()}" },
        { "GET", "/disclosures" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_foreign_agency_gets_the_same_404_as_for_a_case_that_does_not_exist(string method, string suffix)
    {
        using var owner = await api.ClientFor("police-5344");
        var opened = await owner.OpenCase();
        await (await owner.PostRiskAssessment(opened.Id, CaseRequests.RiskBody())).Json(HttpStatusCode.Created);
        // A parquet of another district: its kind may open consultations and read disclosures, but not on this case.
        using var foreign = await api.ClientFor("parquet-antwerpen");

        var hidden = await foreign.SendAsync(Request(method, $"/api/v1/cases/{opened.Id}{suffix}"));
        var missing = await foreign.SendAsync(Request(method, $"/api/v1/cases/{Guid.NewGuid()}{suffix}"));

        var hiddenProblem = await hidden.AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        var missingProblem = await missing.AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        foreach (var member in new[] { "status", "type", "title", "detail" })
        {
            Assert.Equal(missingProblem.GetProperty(member).ToString(), hiddenProblem.GetProperty(member).ToString());
        }
    }

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(path.EndsWith("/consultations")
                ? new JsonObject
                {
                    ["participants"] = new JsonArray("cpas-saint-josse"),
                    ["purpose"] = "Safety plan.",
                    ["until"] = DateTimeOffset.UtcNow.AddDays(10).ToString("O"),
                }
                : new JsonObject());
        }
        return request;
    }
}
