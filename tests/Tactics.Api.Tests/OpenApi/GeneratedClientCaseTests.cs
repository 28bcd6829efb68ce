using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Client;

namespace Tactics.Api.Tests.OpenApi;

/// <summary>A partner's system, written against the generated client, opens and follows a case.</summary>
public sealed class GeneratedClientCaseTests(ApiFixture api)
{
    [Fact]
    public async Task The_generated_client_opens_and_reads_a_case()
    {
        using var http = await api.ClientFor("police-5344", "referent");
        var client = new TacticsClient(http);
        var ct = TestContext.Current.CancellationToken;

        var opened = await client.OpenCaseAsync(Guid.NewGuid().ToString(), new OpenCaseCommand
        {
            Victim = new PersonInput
            {
                FirstName = "Amina",
                LastName = "Example",
                BirthDate = new DateTimeOffset(1990, 4, 17, 0, 0, 0, TimeSpan.Zero),
                NationalNumber = "90041712324",
                Phone = "+32470123456",
                Address = new AddressInput { Street = "Rue de la Limite", Number = "12", Postcode = "1210", Commune = "Saint-Josse-ten-Noode" },
            },
            // An author of its own: the same victim–author pair would join the household of another run's case.
            Author = new PersonInput { FirstName = "Marc", LastName = "Example", NationalNumber = NationalNumbers.Fresh().Number },
            Children = [new ChildInput { BirthYear = DateTime.UtcNow.Year - 9, PresentAtIncidents = true }],
        }, ct);

        var read = await client.GetCaseAsync(opened.Id, ct);

        Assert.Equal(opened.Id, read.Id);
        Assert.Equal(CaseStatus.Open, read.Status);
        Assert.Equal("police-5344", read.OwnerAgency);
        Assert.Equal("90041712324", read.Victim!.NationalNumber);
        Assert.Equal(new DateTimeOffset(1990, 4, 17, 0, 0, 0, TimeSpan.Zero), read.Victim.BirthDate);
        Assert.Equal("1210", read.Victim.Address!.Postcode);
        Assert.Single(read.Children!);
        Assert.Equal(["social", "health", "internal_notes"], read.Withheld.Select(w => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(w.Category.ToString())));

        // The ETag is a response header: the client reads it where its HTTP layer exposes headers, and sends it back as If-Match.
        var (_, etag) = await http.GetCase(read.Id);
        var incident = await client.RecordIncidentAsync(read.Id, etag, null, new RecordIncidentCommand
        {
            Kind = IncidentKind.Family_dispute_report,
            PvNumber = $"BR.55.L7.{Guid.NewGuid().ToString("N")[..10]}/2026",
            PoliceZone = "5344",
            OccurredAt = DateTimeOffset.UtcNow.AddHours(-2),
            ReportedAt = DateTimeOffset.UtcNow.AddHours(-1),
            Facts = "What was said and done.",
        }, ct);
        Assert.Equal(IncidentKind.Family_dispute_report, incident.Kind);

        var timeline = await client.GetCaseTimelineAsync(read.Id, null, null, ct);
        // The family-dispute PV assigns its EVA call-back to the zone's police.
        Assert.Equal(["case.opened", "case.incident_recorded", "task.assigned"], timeline.Items.Select(e => e.Type));
    }

    [Fact]
    public async Task The_generated_client_surfaces_a_hidden_case_as_a_404_problem()
    {
        using var http = await api.ClientFor("police-5339");
        var client = new TacticsClient(http);

        var error = await Assert.ThrowsAsync<TacticsApiException<ProblemDetails>>(() => client.GetCaseAsync(Guid.NewGuid(), TestContext.Current.CancellationToken));
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("urn:tactics:problem:not-found", error.Result.Type);
    }
}
