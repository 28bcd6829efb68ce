using System.Buffers.Text;
using System.Net;
using System.Text;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Foundation;

/// <summary>Cursors are opaque (DESIGN.md, "No existence oracle"): sealed by the server, never a key in clear, never forgeable.</summary>
public sealed class OpaqueCursorTests(ApiFixture api)
{
    [Fact]
    public async Task A_cursor_holds_no_key_in_clear_and_a_tampered_one_is_a_400_naming_the_cursor()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase();
        for (var i = 0; i < 3; i++) await (await police.PostIncident(opened.Id, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created);

        var first = await (await police.GetAsync($"/api/v1/cases/{opened.Id}/incidents?limit=1")).Json();
        var lastId = first.GetProperty("items")[0].GetProperty("id").GetGuid();
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        Assert.DoesNotContain(lastId.ToString("N"), decoded);

        // The cursor works, and gives the next item.
        var second = await (await police.GetAsync($"/api/v1/cases/{opened.Id}/incidents?limit=1&cursor={cursor}")).Json();
        Assert.NotEqual(lastId, second.GetProperty("items")[0].GetProperty("id").GetGuid());

        // A cursor built by the client from a key in clear, or a sealed one altered, is refused.
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"0_{lastId:N}"));
        var problem = await (await police.GetAsync($"/api/v1/cases/{opened.Id}/incidents?limit=1&cursor={forged}"))
            .AssertProblem(HttpStatusCode.BadRequest, "urn:tactics:problem:validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _));
        var bytes = Base64Url.DecodeFromChars(cursor);
        bytes[^1] ^= 1;
        await (await police.GetAsync($"/api/v1/cases/{opened.Id}/incidents?limit=1&cursor={Base64Url.EncodeToString(bytes)}"))
            .AssertProblem(HttpStatusCode.BadRequest, "urn:tactics:problem:validation");
    }
}
