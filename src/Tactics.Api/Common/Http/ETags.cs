using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Tactics.Api.Common.Http;

/// <summary>
/// A case's ETag is a keyed hash, a strong quoted entity tag (<c>"k3Vb…"</c>): of the change counters of what the caller sees
/// (<c>Sharing/CaseStamps</c>), so two callers may hold different ETags of one case and an append changes only the ETags of
/// those who see it (DESIGN.md, "No existence oracle"). Keyed so that no one can tell the counters from the tag.
/// </summary>
public static class ETags
{
    public const int MaxLength = 100;

    /// <summary>The pattern of an ETag, for the OpenAPI description.</summary>
    public const string Pattern = "^\"[A-Za-z0-9_-]{22}\"$";

    private static byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>
    /// Derives the key from the server secret (<c>Paging:CursorKey</c>, 32 bytes in base64), so every instance behind a load
    /// balancer answers the same tags. Without it, a random key per process (tags then hold for one instance's lifetime).
    /// </summary>
    public static void UseSecret(string? base64Secret)
    {
        if (string.IsNullOrWhiteSpace(base64Secret)) return;
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(base64Secret), 32, info: "tactics etag"u8.ToArray());
    }

    /// <summary>The tag of this content: the first 128 bits of its HMAC-SHA256, base64url, quoted.</summary>
    public static string Seal(string content)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(content));
        return $"\"{Base64Url.EncodeToString(mac.AsSpan(0, 16))}\"";
    }

    /// <summary>
    /// Strong comparison of an If-Match header (one tag, a comma-separated list, or <c>*</c>) with the caller's current
    /// tag; weak tags (<c>W/"…"</c>) never match, as RFC 9110 requires for If-Match.
    /// </summary>
    public static bool Matches(string ifMatch, string current)
    {
        foreach (var candidate in ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate == "*" || candidate == current) return true;
        }
        return false;
    }
}
