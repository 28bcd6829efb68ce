using Tactics.Api.Tests.Infrastructure;
using Tactics.Client;

namespace Tactics.Api.Tests.OpenApi;

/// <summary>The NSwag client generated from api-spec/openapi.json, used the way a parquet referent's system uses it.</summary>
public sealed class GeneratedClientTests(ApiFixture api)
{
    [Fact]
    public async Task The_generated_client_lists_and_reads_agencies()
    {
        using var http = await api.ClientFor("parquet-bruxelles", "referent");
        var client = new TacticsClient(http);

        var page = await client.ListAgenciesAsync(Kind.Sapv, "1210", null, null, TestContext.Current.CancellationToken);
        var sapv = Assert.Single(page.Items);
        Assert.Equal("sapv-5344", sapv.Code);
        Assert.Equal(AgencyKind.Sapv, sapv.Kind);

        var agency = await client.GetAgencyAsync("parquet-antwerpen", TestContext.Current.CancellationToken);
        Assert.Equal("antwerpen", agency.JudicialDistrict);
    }

    [Fact]
    public async Task The_generated_client_surfaces_problems_as_typed_exceptions()
    {
        using var http = await api.ClientFor("parquet-bruxelles");
        var client = new TacticsClient(http);

        var error = await Assert.ThrowsAsync<TacticsApiException<ProblemDetails>>(() => client.GetAgencyAsync("nobody", TestContext.Current.CancellationToken));
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("urn:tactics:problem:not-found", error.Result.Type);
    }
}
