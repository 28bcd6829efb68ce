using System.Net;
using System.Text.Json.Nodes;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.RiskAssessments;

public sealed class RiskAssessmentTests(ApiFixture api)
{
    [Fact]
    public async Task The_level_is_computed_and_becomes_the_cases()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();

        var response = await client.PostRiskAssessment(opened.Id, CaseRequests.RiskBody(), opened.ETag);
        var assessment = await response.Json(HttpStatusCode.Created);

        var id = assessment.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/cases/{opened.Id}/risk-assessments/{id}", response.Headers.Location!.OriginalString);
        CaseAssertions.AssertETag(response.Headers.ETag!.ToString());
        Assert.NotEqual(opened.ETag, response.Headers.ETag!.ToString());
        Assert.Equal("high", assessment.GetProperty("computedLevel").GetString());
        Assert.Equal("high", assessment.GetProperty("level").GetString());
        Assert.False(assessment.TryGetProperty("override", out _));
        var answers = assessment.GetProperty("answers");
        Assert.Equal("yes", answers.GetProperty("childrenPresentOrImpacted").GetProperty("answer").GetString());
        Assert.Equal("Two children at home.", answers.GetProperty("childrenPresentOrImpacted").GetProperty("note").GetString());
        Assert.Equal("unknown", answers.GetProperty("victimIsolation").GetProperty("answer").GetString());
        Assert.Equal("police-5344", assessment.GetProperty("assessedBy").GetString());

        Assert.Equal("high", (await client.GetCase(opened.Id)).Body.GetProperty("riskLevel").GetString());
        var read = await (await client.GetAsync($"/api/v1/cases/{opened.Id}/risk-assessments/{id}")).Json();
        Assert.Equal(assessment.ToString(), read.ToString());
    }

    [Theory]
    [InlineData("critical")]
    [InlineData("low")]
    public async Task An_override_up_or_down_with_a_reason_sets_the_effective_level(string level)
    {
        using var client = await api.ClientFor("sapv-5344");
        var opened = await client.OpenCase();
        var body = CaseRequests.RiskBody().With("override", JsonNode.Parse($$"""{ "level": "{{level}}", "reason": "Strangulation reported." }"""));

        var assessment = await (await client.PostRiskAssessment(opened.Id, body)).Json(HttpStatusCode.Created);

        Assert.Equal("high", assessment.GetProperty("computedLevel").GetString());
        Assert.Equal(level, assessment.GetProperty("level").GetString());
        Assert.Equal(level, assessment.GetProperty("override").GetProperty("level").GetString());
        Assert.Equal("Strangulation reported.", assessment.GetProperty("override").GetProperty("reason").GetString());
        Assert.Equal(level, (await client.GetCase(opened.Id)).Body.GetProperty("riskLevel").GetString());
    }

    [Fact]
    public async Task The_history_is_kept_and_the_latest_assessment_sets_the_level()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        await (await client.PostRiskAssessment(opened.Id, CaseRequests.RiskBody("yes", "yes", "yes", "yes", "yes"))).Json(HttpStatusCode.Created);
        await (await client.PostRiskAssessment(opened.Id, CaseRequests.RiskBody("no", "no", "no", "no", "no"))).Json(HttpStatusCode.Created);

        var history = await (await client.GetAsync($"/api/v1/cases/{opened.Id}/risk-assessments")).Json();

        Assert.Equal(["critical", "low"], history.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("level").GetString()));
        CaseAssertions.AssertWithheldFromPolice(history);
        var (body, etag) = await client.GetCase(opened.Id);
        Assert.Equal("low", body.GetProperty("riskLevel").GetString());
        Assert.NotEqual(opened.ETag, etag);
    }

    [Fact]
    public async Task An_agency_that_sees_risk_may_assess_the_case()
    {
        using var sapv = await api.ClientFor("sapv-5344");
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase();
        await (await sapv.PostRiskAssessment(opened.Id, CaseRequests.RiskBody())).Json(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("health-cpvs-bruxelles")]
    [InlineData("coordination-olista")]
    public async Task An_agency_that_sees_the_case_but_not_its_risk_may_not_assess_it(string agency)
    {
        // The CPVS owns the case (core, identity, contact, children); coordination sees the Brussels case's core by mission.
        using var client = await api.ClientFor(agency);
        using var police = await api.ClientFor("police-5344");
        var opened = agency == "coordination-olista" ? await police.OpenCase() : await client.OpenCase();
        await (await client.PostRiskAssessment(opened.Id, CaseRequests.RiskBody()))
            .AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:basis-required");
        await (await client.GetAsync($"/api/v1/cases/{opened.Id}")).Json(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_stale_if_match_is_a_412()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        await (await client.PostRiskAssessment(opened.Id, CaseRequests.RiskBody(), opened.ETag)).Json(HttpStatusCode.Created);

        await (await client.PostRiskAssessment(opened.Id, CaseRequests.RiskBody(), opened.ETag))
            .AssertProblem(HttpStatusCode.PreconditionFailed, "urn:tactics:problem:precondition-failed");
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { """{ "level": "critical" }""", "override.reason" },
        { """{ "level": "critical", "reason": "   " }""", "override.reason" },
        { """{ "reason": "No level." }""", "override.level" },
        { """{ "level": "extreme", "reason": "x" }""", "override.level" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_override_needs_a_level_and_a_written_reason(string @override, string field)
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        var body = CaseRequests.RiskBody().With("override", JsonNode.Parse(@override));
        await (await client.PostRiskAssessment(opened.Id, body)).AssertValidationProblem(field);
    }

    [Theory]
    [InlineData("escalation", "escalation")]
    [InlineData("escalation.answer", "escalation.answer")]
    public async Task Every_question_needs_an_answer(string missing, string field)
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        await (await client.PostRiskAssessment(opened.Id, CaseRequests.RiskBody().Without(missing))).AssertValidationProblem(field);
    }

    [Fact]
    public async Task An_answer_outside_yes_no_unknown_is_a_400()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        await (await client.PostRiskAssessment(opened.Id, CaseRequests.RiskBody(isolation: "maybe"))).AssertValidationProblem("victimIsolation.answer");
    }

    [Fact]
    public async Task A_note_longer_than_1000_characters_is_a_400()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        var body = CaseRequests.RiskBody().With("escalation.note", new string('n', 1001));
        await (await client.PostRiskAssessment(opened.Id, body)).AssertValidationProblem("escalation.note");
    }
}

public sealed class RiskConfigurationTests(ApiFixture api)
{
    [Fact]
    public async Task The_thresholds_come_from_the_risk_section()
    {
        await using var strict = new TacticsApiFactory(api.ConnectionString, new Dictionary<string, string?>
        {
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedDemoAgencies"] = "false",
            ["Risk:HighFromYes"] = "1",
            ["Risk:CriticalFromYes"] = "2",
            ["Risk:UnknownFloor"] = "critical",
        });
        using var client = strict.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await api.TokenFor("police-5344"));
        var opened = await client.OpenCase();

        var twoYes = await (await client.PostRiskAssessment(opened.Id, CaseRequests.RiskBody("yes", "no", "no", "no", "yes"))).Json(HttpStatusCode.Created);
        var unknowns = await (await client.PostRiskAssessment(opened.Id, CaseRequests.RiskBody("no", "unknown", "unknown", "unknown", "no"))).Json(HttpStatusCode.Created);

        Assert.Equal("critical", twoYes.GetProperty("computedLevel").GetString());
        Assert.Equal("critical", unknowns.GetProperty("computedLevel").GetString());
    }
}
