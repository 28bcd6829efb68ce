using System.Text.Json.Nodes;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.OpenApi;

public sealed class OpenApiSpecTests(ApiFixture api)
{
    private async Task<JsonNode> ServedSpec()
    {
        using var client = api.Anonymous();
        var text = await client.GetStringAsync("/swagger/v1/swagger.json");
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task The_served_spec_equals_the_checked_in_spec()
    {
        var served = await ServedSpec();
        var checkedIn = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryPaths.OpenApiSpec))!;

        Assert.True(JsonNode.DeepEquals(served, checkedIn),
            "api-spec/openapi.json differs from the spec the API serves: run `make spec` and commit the result.");
    }

    [Fact]
    public async Task Every_operation_has_an_id_and_the_bearer_scheme_unless_anonymous()
    {
        var spec = await ServedSpec();
        Assert.Equal("http", spec["components"]!["securitySchemes"]!["bearer"]!["type"]!.GetValue<string>());

        var operations = spec["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Route: $"{op.Key.ToUpperInvariant()} {path.Key}", Operation: op.Value!)))
            .ToList();
        Assert.NotEmpty(operations);
        Assert.All(operations, op =>
        {
            Assert.False(string.IsNullOrEmpty(op.Operation["operationId"]?.GetValue<string>()), $"{op.Route} has no operationId");
            Assert.NotNull(op.Operation["security"]);
            foreach (var status in new[] { "400", "401", "403", "429" })
            {
                Assert.True(op.Operation["responses"]![status] is not null, $"{op.Route} does not declare {status}");
            }
        });
        Assert.Equal(operations.Count, operations.Select(op => op.Operation["operationId"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task Dev_tokens_stay_out_of_the_spec()
    {
        var spec = await ServedSpec();
        Assert.DoesNotContain(spec["paths"]!.AsObject(), path => path.Key.StartsWith("/dev", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enums_are_snake_case_strings()
    {
        var spec = await ServedSpec();
        var kind = spec["components"]!["schemas"]!["AgencyKind"]!;
        Assert.Equal("string", kind["type"]!.GetValue<string>());
        Assert.Contains("victim_support", kind["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }
}
