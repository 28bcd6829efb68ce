using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tactics.Api.Tests.Policy.Existence;

/// <summary>One answer as it came back: the request that asked it, its status, the headers that matter and its body.</summary>
public sealed record RawAnswer(string Caller, string Route, string Path, int Status, string? ETag, string? Location, string? ContentType, string Body);

/// <summary>
/// Masks one world's answers so that two worlds can be compared: every id (GUID, event id, ETag) is renamed consistently
/// (first seen → <c>id1</c>, <c>id2</c>, … in the order the answers came, the request path first), every time becomes its rank
/// among all the times of that world's answers (so a <c>createdAt</c> that moves still shows), <c>traceId</c> leaves, and
/// a sealed cursor becomes a token saying whether there is one. Items of a list that tie on every time (one request's events,
/// ordered by a random id) are put in an order of their own first, so that the server's coin toss is no difference.
/// </summary>
public static partial class Masking
{
    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|evt_[0-9A-Z]{26}")]
    private static partial Regex Id();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Time();

    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<string> Mask(IReadOnlyList<RawAnswer> answers)
    {
        var bodies = answers.Select(a => Parse(a.Body)).ToList();
        var times = bodies.SelectMany(b => b is null ? [] : TimesIn(b)).Distinct().Order().ToList();
        var ranks = times.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i + 1);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        string Rename(string text) => Id().Replace(text, m => Token(names, m.Value, "id"));
        string Tag(string etag) => Token(names, "etag:" + etag, "etag");

        var masked = new List<string>();
        for (var i = 0; i < answers.Count; i++)
        {
            var answer = answers[i];
            var path = Rename(answer.Path);
            var etag = answer.ETag is null ? "-" : Tag(answer.ETag);
            var location = answer.Location is null ? "-" : Rename(answer.Location);
            string body;
            if (bodies[i] is { } json)
            {
                if (json is JsonObject top)
                {
                    top.Remove("traceId");
                    if (top.ContainsKey("nextCursor")) top["nextCursor"] = top["nextCursor"] is null ? "<no cursor>" : "<a cursor>";
                }
                Settle(json);
                body = MaskNode(json, Rename, Tag, ranks)!.ToJsonString(Readable);
            }
            else
            {
                body = Rename(answer.Body);
            }
            masked.Add($"{answer.Route} ({path}) → {answer.Status} etag={etag} location={location} type={answer.ContentType ?? "-"}\n{body}");
        }
        return masked;
    }

    private static string Token(Dictionary<string, string> names, string value, string kind)
    {
        if (!names.TryGetValue(value, out var token)) names[value] = token = $"<{kind}{names.Count + 1}>";
        return token;
    }

    private static JsonNode? Parse(string body)
    {
        if (body.Length == 0 || body[0] is not ('{' or '[')) return null;
        try { return JsonNode.Parse(body); }
        catch (JsonException) { return null; }
    }

    private static bool IsTime(string text, out DateTimeOffset time)
    {
        time = default;
        return Time().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    private static IEnumerable<DateTimeOffset> TimesIn(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : TimesIn(p.Value)),
        JsonArray a => a.SelectMany(e => e is null ? [] : TimesIn(e)),
        JsonValue v when v.TryGetValue<string>(out var s) && IsTime(s, out var t) => [t],
        _ => [],
    };

    /// <summary>Orders, inside each list, the runs of items that tie on every time by their text without ids or times.</summary>
    private static void Settle(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o.ToList()) if (value is not null) Settle(value);
                break;
            case JsonArray a:
                foreach (var item in a) if (item is not null) Settle(item);
                var items = a.Select(e => e?.DeepClone()).ToList();
                var settled = new List<JsonNode?>();
                for (var start = 0; start < items.Count;)
                {
                    var signature = Signature(items[start]);
                    var end = start + 1;
                    while (end < items.Count && Signature(items[end]) == signature) end++;
                    settled.AddRange(end - start > 1 ? items[start..end].OrderBy(Blanked, StringComparer.Ordinal) : items[start..end]);
                    start = end;
                }
                a.Clear();
                foreach (var item in settled) a.Add(item);
                break;
        }
    }

    private static string Signature(JsonNode? item) =>
        item is null ? "" : string.Join('|', TimesIn(item).Select(t => t.UtcTicks.ToString(CultureInfo.InvariantCulture)));

    private static string Blanked(JsonNode? item) =>
        item is null ? "" : MaskNode(item.DeepClone(), text => Id().Replace(text, "<id>"), _ => "<etag>", null)!.ToJsonString();

    private static JsonNode? MaskNode(JsonNode? node, Func<string, string> rename, Func<string, string> tag, Dictionary<DateTimeOffset, int>? ranks)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (name, value) in o)
                {
                    copy[name] = name.Equals("etag", StringComparison.OrdinalIgnoreCase) && value is JsonValue tagValue && tagValue.TryGetValue<string>(out var etag)
                        ? tag(etag) : MaskNode(value, rename, tag, ranks);
                }
                return copy;
            case JsonArray a:
                return new JsonArray([.. a.Select(e => MaskNode(e, rename, tag, ranks))]);
            case JsonValue v when v.TryGetValue<string>(out var s):
                if (IsTime(s, out var time)) return ranks is null ? "<time>" : $"<t{ranks[time]}>";
                return rename(s);
            default:
                return node?.DeepClone();
        }
    }
}
