namespace Tactics.Api.Common.Http;

/// <summary>The case's ETag is its version as a strong, quoted entity tag: <c>"3"</c>.</summary>
public static class ETags
{
    public const int MaxLength = 100;

    public static string For(int version) => $"\"{version}\"";

    /// <summary>
    /// Strong comparison of an If-Match header (one tag, a comma-separated list, or <c>*</c>) with the
    /// current version; weak tags (<c>W/"3"</c>) never match, as RFC 9110 requires for If-Match.
    /// </summary>
    public static bool Matches(string ifMatch, int version)
    {
        var current = For(version);
        foreach (var candidate in ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate == "*" || candidate == current) return true;
        }
        return false;
    }
}
