using System.Net;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Policy;

namespace Tactics.Api.Tests.Records;

/// <summary><c>GET …/records</c> is cursor-paged like every list, after leaving out the records the caller may not read.</summary>
public sealed class RecordListTests(ApiFixture api)
{
    [Fact]
    public async Task The_records_are_cursor_paged_and_hidden_ones_never_shorten_a_page()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase();
        await police.GrantConsent(opened.Id, SharingKit.ToAgency("health-cpvs-bruxelles"), ["identity"]);
        using var cpvs = await api.ClientFor("health-cpvs-bruxelles");
        var note1 = await police.AddRecord(opened.Id, "internal_notes", "First note.");
        await cpvs.AddRecord(opened.Id, "health", "Findings one.");
        await cpvs.AddRecord(opened.Id, "health", "Findings two.");
        var note2 = await police.AddRecord(opened.Id, "internal_notes", "Second note.");
        var note3 = await police.AddRecord(opened.Id, "internal_notes", "Third note.");

        var ids = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await police.GetAsync($"/api/v1/cases/{opened.Id}/records?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}")).Json();
            var items = page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
            Assert.NotEmpty(items);
            ids.AddRange(items);
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
            pages++;
        } while (cursor is not null);

        Assert.Equal([note1, note2, note3], ids);
        Assert.Equal(2, pages);
        await (await police.GetAsync($"/api/v1/cases/{opened.Id}/records?limit=201")).AssertValidationProblem("limit");
        await (await police.GetAsync($"/api/v1/cases/{opened.Id}/records?cursor=not-a-cursor!")).AssertValidationProblem("cursor");
    }
}
