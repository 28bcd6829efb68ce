using System.Collections;
using System.Reflection;
using System.Text.Json;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.Incidents;
using Tactics.Api.Sharing;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Policy;

/// <summary>Every field of a response carrying case data declares its category, and a withheld category's fields are never sent.</summary>
public sealed class DataCategoryDeclarationTests(ApiFixture api)
{
    /// <summary>Responses carrying case data are those that carry <c>withheld</c>, and every record type they contain.</summary>
    private static IEnumerable<Type> CaseDataTypes()
    {
        var roots = typeof(CaseView).Assembly.GetTypes()
            .Where(t => t.GetProperties().Any(p => p.Name == "Withheld" && p.PropertyType == typeof(IReadOnlyList<WithheldCategory>)))
            .Where(t => !t.IsGenericTypeDefinition && t.Namespace != typeof(CaseVisibility).Namespace);
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(roots);
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type)) continue;
            foreach (var property in type.GetProperties())
            {
                var inner = Unwrap(property.PropertyType);
                if (inner.Assembly == typeof(CaseView).Assembly && inner.IsClass && inner != typeof(WithheldCategory)) pending.Enqueue(inner);
            }
        }
        return seen;
    }

    private static Type Unwrap(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType) return Unwrap(type.GetGenericArguments()[0]);
        return type;
    }

    private static DataCategory? CategoryOf(PropertyInfo property) => property.GetCustomAttribute<CategoryAttribute>()?.Category;

    [Fact]
    public void Every_field_of_a_response_carrying_case_data_declares_its_category()
    {
        var types = CaseDataTypes().ToList();
        Assert.Contains(typeof(CaseResponse), types);
        Assert.Contains(typeof(PersonResponse), types);
        Assert.Contains(typeof(AddressResponse), types);

        var undeclared = types
            .Where(t => !t.IsGenericType)
            .SelectMany(t => t.GetProperties().Where(p => CategoryOf(p) is null && p.GetCustomAttribute<EntryCategoryAttribute>() is null
                    && p.GetCustomAttribute<HouseholdLinkAttribute>() is null)
                .Select(p => $"{t.Name}.{p.Name}"))
            .ToList();
        Assert.True(undeclared.Count == 0, "Fields without a data category: " + string.Join(", ", undeclared));
        // The household link has its own rule, not core's (DESIGN.md, "Side records are case data too").
        Assert.NotNull(typeof(CaseResponse).GetProperty(nameof(CaseResponse.HouseholdId))!.GetCustomAttribute<HouseholdLinkAttribute>());
        Assert.NotNull(typeof(CaseSummaryResponse).GetProperty(nameof(CaseSummaryResponse.HouseholdId))!.GetCustomAttribute<HouseholdLinkAttribute>());
    }

    [Theory]
    [InlineData("perpetrator-support-praxis", new[] { "identity" })]
    [InlineData("cpas-saint-josse", new[] { "identity", "contact" })]
    [InlineData("victim-support-refuge-bruxelles", new[] { "contact", "children" })]
    public async Task A_withheld_categorys_fields_are_never_sent(string agency, string[] consented)
    {
        var caseId = await api.OpenCaseAs("police-5344");
        using var police = await api.ClientFor("police-5344");
        await (await police.PostIncident(caseId, CaseRequests.IncidentBody())).Json(System.Net.HttpStatusCode.Created);
        await police.GrantConsent(caseId, SharingKit.ToAgency(agency), consented);
        using var client = await api.ClientFor(agency);

        var (body, _) = await client.GetCase(caseId);
        var visible = SharingKit.Visible(body).Select(c => Enum.Parse<DataCategory>(c.Replace("_", ""), true)).ToHashSet();
        var sent = new List<string>();
        AssertOnlyVisible(body, typeof(CaseResponse), visible, "case", sent);
        var incidents = await (await client.GetAsync($"/api/v1/cases/{caseId}/incidents")).Json();
        foreach (var incident in incidents.GetProperty("items").EnumerateArray())
        {
            AssertOnlyVisible(incident, typeof(IncidentResponse), visible, "incident", sent);
        }
        // What the caller may see did arrive: the test looks at real content.
        foreach (var category in consented.Where(c => c is "identity" or "contact"))
        {
            Assert.Contains(sent, field => field.EndsWith(category == "identity" ? "victim.firstName" : "victim.phone", StringComparison.Ordinal));
        }
    }

    private static void AssertOnlyVisible(JsonElement json, Type type, HashSet<DataCategory> visible, string path, List<string> sent)
    {
        foreach (var property in type.GetProperties())
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) continue;
            var category = CategoryOf(property);
            Assert.True(category is null || visible.Contains(category.Value), $"{path}.{name} ({category}) was sent though withheld");
            // These callers reach one case of the household, without legal mission: the household link is not theirs.
            Assert.True(property.GetCustomAttribute<HouseholdLinkAttribute>() is null, $"{path}.{name} (household link) was sent to a caller without legal mission");
            sent.Add($"{path}.{name}");
            var inner = Unwrap(property.PropertyType);
            if (inner.Assembly != typeof(CaseView).Assembly || !inner.IsClass || inner == typeof(WithheldCategory)) continue;
            foreach (var element in value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToArray() : [value])
            {
                AssertOnlyVisible(element, inner, visible, $"{path}.{name}", sent);
            }
        }
    }
}
