using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Sharing;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Policy;
using Tactics.Api.Tests.Tasks;

namespace Tactics.Api.Tests.SafeContact;

/// <summary>The victim's safe-contact preferences (category contact) and how contact attempts are judged against them.</summary>
public sealed class SafeContactTests(ApiFixture api)
{
    /// <summary>Weekdays 09:00–11:00, Brussels time; no message.</summary>
    private static JsonObject Preferences(bool mayLeaveMessage = false) => JsonNode.Parse($$"""
        { "phone": "+32470123456", "windows": [ { "days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "11:00" } ], "mayLeaveMessage": {{(mayLeaveMessage ? "true" : "false")}} }
        """)!.AsObject();

    private static Task<HttpResponseMessage> Put(HttpClient client, Guid caseId, JsonNode body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{caseId}/safe-contact") { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    private static async Task<string> SetPreferences(HttpClient client, Guid caseId, JsonObject? body = null)
    {
        var (_, etag) = await client.GetCase(caseId);
        var response = await Put(client, caseId, body ?? Preferences(), etag);
        await response.Json();
        return response.Headers.ETag!.ToString();
    }

    [Fact]
    public async Task Any_agency_that_sees_contact_sets_the_preferences_with_if_match_and_reads_them_back()
    {
        using var police = await api.ClientFor("police-5344");
        using var sapv = await api.ClientFor("sapv-5344");
        var opened = await police.OpenCaseIn1210();

        await (await Put(sapv, opened.Id, Preferences(), null)).AssertProblem(HttpStatusCode.PreconditionRequired, "urn:tactics:problem:precondition-required");
        await (await Put(sapv, opened.Id, Preferences(), "\"stale\"")).AssertProblem(HttpStatusCode.PreconditionFailed, "urn:tactics:problem:precondition-failed");
        await (await sapv.GetAsync($"/api/v1/cases/{opened.Id}/safe-contact")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        var etag = await SetPreferences(sapv, opened.Id);
        var read = await sapv.GetAsync($"/api/v1/cases/{opened.Id}/safe-contact");
        var body = await read.Json();
        Assert.Equal(etag, read.Headers.ETag!.ToString());
        Assert.Equal("+32470123456", body.GetProperty("phone").GetString());
        Assert.False(body.GetProperty("mayLeaveMessage").GetBoolean());
        var window = Assert.Single(body.GetProperty("windows").EnumerateArray());
        Assert.Equal(["mon", "tue", "wed", "thu", "fri"], window.GetProperty("days").Strings());
        Assert.Equal(("09:00", "11:00"), (window.GetProperty("from").GetString(), window.GetProperty("to").GetString()));
        Assert.Equal("sapv-5344", body.GetProperty("updatedByAgency").GetString());
        // The police of the zone sees contact too, and reads the same.
        Assert.Equal(body.ToString(), (await (await police.GetAsync($"/api/v1/cases/{opened.Id}/safe-contact")).Json()).ToString());
    }

    [Theory]
    [InlineData("""{ "phone": "call me", "mayLeaveMessage": true }""", "phone")]
    [InlineData("""{ "phone": "+32470123456" }""", "mayLeaveMessage")]
    [InlineData("""{ "windows": [ { "days": ["someday"], "from": "09:00", "to": "11:00" } ], "mayLeaveMessage": true }""", "windows[0].days[0]")]
    [InlineData("""{ "windows": [ { "days": ["mon"], "from": "9h", "to": "11:00" } ], "mayLeaveMessage": true }""", "windows[0].from")]
    [InlineData("""{ "windows": [ { "days": ["mon"], "from": "11:00", "to": "09:00" } ], "mayLeaveMessage": true }""", "windows[0].to")]
    [InlineData("""{ "windows": [ { "days": [], "from": "09:00", "to": "11:00" } ], "mayLeaveMessage": true }""", "windows[0].days")]
    public async Task Preferences_are_validated_field_by_field(string body, string field)
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCaseIn1210();
        var (_, etag) = await police.GetCase(opened.Id);
        await (await Put(police, opened.Id, JsonNode.Parse(body)!, etag)).AssertValidationProblem(field);
    }

    [Fact]
    public async Task Preferences_are_hidden_from_an_agency_without_contact_and_a_caller_without_reach_gets_the_cases_404()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCaseIn1210();
        var before = new Dictionary<string, string>();
        using var praxis = await api.ClientFor("perpetrator-support-praxis");
        using var cpas = await api.ClientFor("cpas-saint-josse");
        // Both see the case on a consent that leaves contact out (perpetrator support never gets it).
        await police.GrantConsent(opened.Id, SharingKit.ToAgency("perpetrator-support-praxis"), ["identity"]);
        await police.GrantConsent(opened.Id, SharingKit.ToAgency("cpas-saint-josse"), ["identity", "children"]);
        foreach (var (name, client) in new[] { ("praxis", praxis), ("cpas", cpas) }) before[name] = (await client.GetCase(opened.Id)).ETag;

        await SetPreferences(police, opened.Id);

        foreach (var (name, client) in new[] { ("praxis", praxis), ("cpas", cpas) })
        {
            await (await client.GetAsync($"/api/v1/cases/{opened.Id}/safe-contact")).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:basis-required");
            await (await Put(client, opened.Id, Preferences(true), before[name])).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:basis-required");
            // Nor does their ETag move: the change is contact, which they do not see.
            Assert.Equal(before[name], (await client.GetCase(opened.Id)).ETag);
        }
        using var antwerp = await api.ClientFor("police-5345");
        var hidden = await (await antwerp.GetAsync($"/api/v1/cases/{opened.Id}/safe-contact")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        var missing = await (await antwerp.GetAsync($"/api/v1/cases/{Guid.NewGuid()}/safe-contact")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        Assert.Equal(missing.GetProperty("detail").GetString(), hidden.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_message_left_against_the_preferences_or_a_call_outside_the_windows_is_recorded_and_flagged()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCaseIn1210();
        await police.RecordPv(opened.Id, DateTimeOffset.UtcNow.AddDays(-10));
        var taskId = (await api.SingleTask(opened.Id, "eva_callback")).Id;
        await SetPreferences(police, opened.Id);

        // Wednesday 25 November 2026, Brussels (UTC+1): 09:30 is inside the window, 11:00 is its end, 08:59 before it.
        var inside = DateTimeOffset.Parse("2026-11-25T08:30:00Z");
        var atTheEnd = DateTimeOffset.Parse("2026-11-25T10:00:00Z");
        var saturday = DateTimeOffset.Parse("2026-11-28T08:30:00Z");

        async Task<JsonElement> Attempt(string outcome, DateTimeOffset at) =>
            await (await police.PostAttempt(taskId, FollowUpKit.AttemptBody(outcome, at))).Json(HttpStatusCode.Created);

        var fine = await Attempt("unreachable", inside);
        Assert.Equal((false, false), (fine.GetProperty("outsideWindow").GetBoolean(), fine.GetProperty("againstPreferences").GetBoolean()));
        var late = await Attempt("unreachable", atTheEnd);
        Assert.Equal((true, false), (late.GetProperty("outsideWindow").GetBoolean(), late.GetProperty("againstPreferences").GetBoolean()));
        var message = await Attempt("left_message", inside);
        Assert.Equal((false, true), (message.GetProperty("outsideWindow").GetBoolean(), message.GetProperty("againstPreferences").GetBoolean()));
        var weekend = await Attempt("left_message", saturday);
        Assert.Equal((true, true), (weekend.GetProperty("outsideWindow").GetBoolean(), weekend.GetProperty("againstPreferences").GetBoolean()));

        // Where a message may be left, it is not flagged.
        await SetPreferences(police, opened.Id, Preferences(mayLeaveMessage: true));
        Assert.False((await Attempt("left_message", inside)).GetProperty("againstPreferences").GetBoolean());
    }

    [Fact]
    public async Task A_contact_task_shows_the_preferences_and_the_other_tasks_latest_attempt_to_the_agency_working_on_it()
    {
        using var police = await api.ClientFor("police-5344");
        using var sapv = await api.ClientFor("sapv-5344");
        var opened = await police.OpenCaseIn1210();
        await police.GrantProactiveConsent(opened.Id, SharingKit.ToAgency("sapv-5344"), DateTimeOffset.UtcNow.AddDays(-1));
        await police.RecordPv(opened.Id, DateTimeOffset.UtcNow.AddHours(-3));
        await SetPreferences(sapv, opened.Id);
        var callback = (await api.SingleTask(opened.Id, "eva_callback")).Id;
        var proactive = (await api.SingleTask(opened.Id, "proactive_contact")).Id;
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds());
        await (await police.PostAttempt(callback, FollowUpKit.AttemptBody("unreachable", at))).Json(HttpStatusCode.Created);

        var task = await sapv.GetTask(proactive);
        Assert.Equal("+32470123456", task.GetProperty("safeContact").GetProperty("phone").GetString());
        var other = task.GetProperty("otherContactAttempt");
        Assert.Equal((callback, "eva_callback", "unreachable", at, "police-5344"),
            (other.GetProperty("taskId").GetGuid(), other.GetProperty("kind").GetString(), other.GetProperty("outcome").GetString(),
             other.GetProperty("at").GetDateTimeOffset(), other.GetProperty("agency").GetString()));
        Assert.DoesNotContain("No answer.", other.ToString());
        Assert.Equal("+32470123456", (await police.GetTask(callback)).GetProperty("safeContact").GetProperty("phone").GetString());

        // An inform_victim task (judicial) carries neither.
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var (_, informVictim) = await parquet.Release(opened.Id);
        var judicial = await sapv.GetTask(informVictim);
        Assert.False(judicial.TryGetProperty("safeContact", out _));
        Assert.False(judicial.TryGetProperty("otherContactAttempt", out _));
    }

    [Fact]
    public void The_policy_never_puts_the_preferences_on_a_task_for_perpetrator_support_nor_for_one_not_seeing_contact()
    {
        var working = new TaskAccess(true, SharingBasis.LegalMission, MayComplete: true);
        var seesContact = new CaseVisibility(new Dictionary<DataCategory, SharingBasis> { [DataCategory.Contact] = SharingBasis.LegalMission }, []);
        var blind = new CaseVisibility(new Dictionary<DataCategory, SharingBasis> { [DataCategory.Identity] = SharingBasis.Consent }, []);
        Assert.True(SideRecordPolicy.ShowsContactOnTask(new SharingCaller("sapv-5344", AgencyKind.Sapv, new HashSet<string>()), working, seesContact));
        Assert.False(SideRecordPolicy.ShowsContactOnTask(new SharingCaller("perpetrator-support-praxis", AgencyKind.PerpetratorSupport, new HashSet<string>()), working, seesContact));
        Assert.False(SideRecordPolicy.ShowsContactOnTask(new SharingCaller("sapv-5344", AgencyKind.Sapv, new HashSet<string>()), working, blind));
        Assert.False(SideRecordPolicy.ShowsContactOnTask(new SharingCaller("custody-raiser", AgencyKind.Parquet, new HashSet<string>()),
            new TaskAccess(true, SharingBasis.OwnRecord, MayComplete: false), seesContact));
    }
}
