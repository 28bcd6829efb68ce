using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Policy;

/// <summary>Personal data stays in the database: not in logs, traces, exception messages, problem details or events.</summary>
public sealed class NoPersonalDataTests(ApiFixture api)
{
    [Fact]
    public async Task Marker_strings_written_into_a_case_appear_in_no_log_line_span_problem_or_event()
    {
        var marker = "Zq" + Guid.NewGuid().ToString("N")[..12];
        string[] markers = [$"{marker}First", $"{marker}Last", $"{marker}Street", $"{marker}Facts", $"{marker}Social", $"{marker}Note", "+32471" + marker[2..8].Select(c => (c % 10).ToString()).Aggregate(string.Concat)];
        using var police = await api.ClientFor("police-5344");

        var body = SharingKit.CaseBody();
        body["victim"]!["firstName"] = markers[0];
        body["victim"]!["lastName"] = markers[1];
        body["victim"]!["address"]!["street"] = markers[2];
        body["victim"]!["phone"] = markers[6];
        var opened = await police.OpenCase(body);
        var incident = CaseRequests.IncidentBody();
        incident["facts"] = markers[3];
        await (await police.PostIncident(opened.Id, incident)).Json(HttpStatusCode.Created);
        await police.AddRecord(opened.Id, "internal_notes", markers[5]);
        await police.GrantConsent(opened.Id, SharingKit.ToAgency("cpas-saint-josse"), ["identity"]);
        using var cpas = await api.ClientFor("cpas-saint-josse");
        await cpas.AddRecord(opened.Id, "social", markers[4]);

        // Reads by several agencies, and requests that fail on bad personal data.
        foreach (var agency in new[] { "police-5344", "sapv-5344", "parquet-bruxelles", "cpas-saint-josse", "health-cpvs-bruxelles" })
        {
            using var client = await api.ClientFor(agency);
            foreach (var path in new[] { "", "/incidents", "/records", "/timeline", "/consents" })
            {
                await client.GetAsync($"/api/v1/cases/{opened.Id}{path}");
            }
            await client.GetAsync("/api/v1/cases?limit=5");
        }
        var problems = new List<string>();
        var invalid = SharingKit.CaseBody();
        invalid["victim"]!["firstName"] = markers[0];
        invalid["victim"]!["nationalNumber"] = "90041712325";
        invalid["victim"]!["address"]!["postcode"] = markers[2];
        var refused = await police.PostCase(invalid);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        problems.Add(await refused.Content.ReadAsStringAsync());
        var wrongType = await police.PostAsync("/api/v1/cases", new StringContent($"{{\"victim\": {{\"firstName\": [\"{markers[0]}\"], \"birthDate\": \"{markers[1]}\"}}}}",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        problems.Add(await wrongType.Content.ReadAsStringAsync());

        var logs = api.Factory.LogLines.ToArray();
        var spans = api.Telemetry.Spans.ToArray();
        Assert.NotEmpty(logs);
        Assert.NotEmpty(spans);
        string events;
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT coalesce(string_agg(o::text, ' '), '') FROM outbox_events o WHERE case_id = @case", connection);
            command.Parameters.AddWithValue("case", opened.Id);
            events = (string)(await command.ExecuteScalarAsync())!;
        }

        foreach (var value in markers)
        {
            Assert.DoesNotContain(logs, line => line.Contains(value, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(spans, span => span.Contains(value, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(problems, problem => problem.Contains(value, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(value, events, StringComparison.OrdinalIgnoreCase);
        }
        // The markers did reach the database and the responses of those entitled to them: the test looks where it should.
        var (read, _) = await police.GetCase(opened.Id);
        Assert.Equal(markers[0], read.GetProperty("victim").GetProperty("firstName").GetString());
        Assert.Contains(spans, span => span.StartsWith("Npgsql", StringComparison.Ordinal) && span.Contains("cases", StringComparison.Ordinal));
    }
}
