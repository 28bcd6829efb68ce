using System.Text.Json;

namespace Tactics.Api.Tests.Infrastructure;

public static class CaseAssertions
{
    /// <summary>An ETag as the API writes it: a strong, quoted keyed hash that reveals no counter.</summary>
    public static void AssertETag(string? etag) => Assert.Matches("^\"[A-Za-z0-9_-]{22}\"$", etag ?? "");

    /// <summary>A police zone sees its case by legal mission: all but social, health (consent) and internal notes (never shared).</summary>
    public static void AssertWithheldFromPolice(JsonElement body) =>
        AssertWithheld(body, "social:consent_required", "health:consent_required", "internal_notes:never_shared");

    /// <summary>Asserts the exact <c>withheld</c> list, each as <c>category:reason</c>, in category order.</summary>
    public static void AssertWithheld(JsonElement body, params string[] expected) =>
        Assert.Equal(expected, body.GetProperty("withheld").EnumerateArray()
            .Select(w => $"{w.GetProperty("category").GetString()}:{w.GetProperty("reason").GetString()}"));
}
