using System.Globalization;
using System.Text;
using System.Text.Json;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Sharing;

namespace Tactics.Api.Domain.Cases;

/// <summary>How often, and when last, one scope of a case changed.</summary>
public readonly record struct ScopeChange(int Count, DateTimeOffset At);

/// <summary>
/// The change counters of a case, one per scope: a data category (<c>facts</c>), the household link (<c>household</c>), or the
/// entries addressed to one agency or agency kind (<c>agency:…</c>, <c>kind:…</c>: its own entries, the consents and
/// consultations naming it, the tasks assigned to it). A caller's ETag and <c>updatedAt</c> are computed from the scopes it
/// sees and nothing else, so activity it cannot see changes none of its answers (DESIGN.md, "No existence oracle").
/// Immutable: every change yields a new value, which is how the persistence layer notices it.
/// </summary>
public sealed class CaseChanges
{
    public static readonly CaseChanges None = new(new Dictionary<string, ScopeChange>(StringComparer.Ordinal));

    /// <summary>The scope of the household link (<c>householdId</c>, <c>case.household_linked</c>).</summary>
    public const string Household = "household";

    private readonly IReadOnlyDictionary<string, ScopeChange> _scopes;

    private CaseChanges(IReadOnlyDictionary<string, ScopeChange> scopes) => _scopes = scopes;

    public static string Category(DataCategory category) => EnumNames.Name(category);

    public static string Agency(string agencyCode) => "agency:" + agencyCode;

    public static string Kind(AgencyKind kind) => "kind:" + EnumNames.Name(kind);

    /// <summary>The counter of one scope; zero when it never changed.</summary>
    public ScopeChange Of(string scope) => _scopes.TryGetValue(scope, out var change) ? change : default;

    /// <summary>These counters with each of <paramref name="scopes"/> raised once, at <paramref name="now"/>.</summary>
    public CaseChanges Raise(DateTimeOffset now, IEnumerable<string> scopes)
    {
        var next = new Dictionary<string, ScopeChange>(_scopes, StringComparer.Ordinal);
        foreach (var scope in scopes.Distinct(StringComparer.Ordinal))
        {
            next[scope] = new ScopeChange(Of(scope).Count + 1, now);
        }
        return new CaseChanges(next);
    }

    /// <summary>The stored form: <c>{"facts":{"n":2,"at":"…"}, …}</c> (a jsonb column).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (scope, change) in _scopes.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject(scope);
                writer.WriteNumber("n", change.Count);
                writer.WriteString("at", change.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static CaseChanges FromJson(string json)
    {
        if (string.IsNullOrWhiteSpace(json)) return None;
        using var document = JsonDocument.Parse(json);
        var scopes = new Dictionary<string, ScopeChange>(StringComparer.Ordinal);
        foreach (var scope in document.RootElement.EnumerateObject())
        {
            var at = DateTimeOffset.Parse(scope.Value.GetProperty("at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            scopes[scope.Name] = new ScopeChange(scope.Value.GetProperty("n").GetInt32(), at.ToUniversalTime());
        }
        return new CaseChanges(scopes);
    }
}
