using System.Security.Cryptography;
using System.Buffers.Text;
using System.Text;

namespace Tactics.Api.Common.Paging;

/// <summary>One page of a list: <c>{ "items": [...], "nextCursor": "..." }</c>; no cursor on the last page.</summary>
public sealed record CursorPage<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class Cursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const int MaxLength = 200;

    private static byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>
    /// The key cursors are sealed with (<c>Paging:CursorKey</c>, 32 bytes in base64): every instance behind a load balancer
    /// needs the same one. Without it, a random key per process (cursors then hold for one instance's lifetime).
    /// </summary>
    public static void UseKey(string? base64Key)
    {
        if (string.IsNullOrWhiteSpace(base64Key)) return;
        var key = Convert.FromBase64String(base64Key);
        if (key.Length != 32) throw new InvalidOperationException("Paging:CursorKey must be 32 bytes, base64-encoded.");
        _key = key;
    }

    /// <summary>
    /// Cursors are opaque (DESIGN.md, "No existence oracle"): the last key seen, sealed with AES-GCM under a server key,
    /// base64url-encoded. A client can neither read a sequence or event number in it nor forge one.
    /// </summary>
    public static string Encode(string lastKey)
    {
        var plain = Encoding.UTF8.GetBytes(lastKey);
        var sealedKey = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedKey.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedKey.AsSpan(NonceSize, plain.Length), sealedKey.AsSpan(NonceSize + plain.Length));
        return Base64Url.EncodeToString(sealedKey);
    }

    public static bool TryDecode(string? cursor, out string? lastKey)
    {
        lastKey = null;
        if (string.IsNullOrEmpty(cursor)) return true;
        try
        {
            var sealedKey = Base64Url.DecodeFromChars(cursor);
            if (sealedKey.Length < NonceSize + TagSize) return false;
            var plain = new byte[sealedKey.Length - NonceSize - TagSize];
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedKey.AsSpan(0, NonceSize), sealedKey.AsSpan(NonceSize, plain.Length), sealedKey.AsSpan(NonceSize + plain.Length), plain);
            lastKey = Encoding.UTF8.GetString(plain);
            return true;
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }

    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>Builds the page from one extra row fetched beyond the limit: its presence means there is more.</summary>
    public static CursorPage<T> Page<T>(List<T> rowsPlusOne, int limit, Func<T, string> key) =>
        rowsPlusOne.Count > limit
            ? new CursorPage<T>(rowsPlusOne[..limit], Encode(key(rowsPlusOne[limit - 1])))
            : new CursorPage<T>(rowsPlusOne, null);
}
