using System.Net;
using System.Text;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Foundation;

/// <summary>Whatever a client sends, the answer is a problem-details 4xx, never a 500.</summary>
public sealed class BadInputTests(ApiFixture api)
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var client = api.Anonymous();
        var response = await client.PostAsync("/dev/tokens", Json("{ \"agencyCode\": \"police-5344\", "));
        await response.AssertProblem(HttpStatusCode.BadRequest, "urn:tactics:problem:malformed-request");
    }

    [Fact]
    public async Task A_wrong_type_is_a_400_naming_the_field()
    {
        using var client = api.Anonymous();
        var response = await client.PostAsync("/dev/tokens", Json("{ \"agencyCode\": 5344, \"userId\": \"u\", \"roles\": [\"member\"] }"));
        await response.AssertValidationProblem("agencyCode");
    }

    [Fact]
    public async Task An_unknown_enum_value_is_a_400_naming_the_field()
    {
        using var client = api.Anonymous();
        var response = await client.PostAsync("/dev/tokens", Json("{ \"agencyCode\": \"police-5344\", \"userId\": \"u\", \"roles\": [\"root\"] }"));
        await response.AssertValidationProblem("roles[0]");
    }

    [Fact]
    public async Task A_missing_required_field_is_a_400_naming_it()
    {
        using var client = api.Anonymous();
        var response = await client.PostAsync("/dev/tokens", Json("{ \"userId\": \"u\", \"roles\": [\"member\"] }"));
        await response.AssertValidationProblem("agencyCode");
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_problem()
    {
        using var client = api.Anonymous();
        var huge = "{ \"agencyCode\": \"" + new string('x', 1024 * 1024 + 10) + "\" }";
        var response = await client.PostAsync("/dev/tokens", Json(huge));
        await response.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "urn:tactics:problem:payload-too-large");
    }

    [Fact]
    public async Task An_oversized_chunked_body_is_a_413_problem()
    {
        using var client = api.Anonymous();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{ \"agencyCode\": \"" + new string('x', 1024 * 1024 + 10) + "\" }")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dev/tokens") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await client.SendAsync(request);
        await response.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "urn:tactics:problem:payload-too-large");
    }

    [Fact]
    public async Task A_wrong_content_type_is_a_415_problem()
    {
        using var client = await api.ClientFor("police-5344");
        var response = await client.PostAsync("/dev/tokens", new StringContent("agencyCode=police-5344", Encoding.UTF8, "text/plain"));
        await response.AssertProblem(HttpStatusCode.UnsupportedMediaType, "urn:tactics:problem:unsupported-media-type");
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        using var client = await api.ClientFor("police-5344");
        await (await client.GetAsync("/api/v1/no-such-thing")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        using var anonymous = api.Anonymous();
        await (await anonymous.PostAsync("/api/v1/no/such/thing", Json("{}"))).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        using var client = await api.ClientFor("police-5344");
        await (await client.DeleteAsync("/api/v1/agencies/police-5344")).AssertProblem(HttpStatusCode.MethodNotAllowed, "urn:tactics:problem:method-not-allowed");
    }

    [Fact]
    public async Task A_problem_never_quotes_the_value_that_was_sent()
    {
        using var client = await api.ClientFor("police-5344");
        var response = await client.GetAsync("/api/v1/agencies?limit=987654");
        var problem = await response.AssertValidationProblem("limit");
        Assert.DoesNotContain("987654", problem.ToString());
    }
}
