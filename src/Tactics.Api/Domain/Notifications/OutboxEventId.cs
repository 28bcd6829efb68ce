namespace Tactics.Api.Domain.Notifications;

/// <summary>
/// Event ids: <c>evt_</c> and a ULID (Crockford base32 of a UUIDv7), so they sort by time and
/// stay the same across every retry of every delivery (the <c>webhook-id</c> header).
/// </summary>
public static class OutboxEventId
{
    public const string Prefix = "evt_";
    public const int Length = 30;
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(DateTimeOffset now)
    {
        var bytes = Guid.CreateVersion7(now).ToByteArray(bigEndian: true);
        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
        Span<char> chars = stackalloc char[26];
        for (var i = 25; i >= 0; i--)
        {
            chars[i] = Crockford[(int)(value & 31)];
            value >>= 5;
        }
        return Prefix + new string(chars);
    }
}
