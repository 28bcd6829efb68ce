using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Tactics.Api.Features.Notifications.Webhooks.Delivery;

/// <summary>
/// Signing secrets: <c>whsec_</c> and base64 of 32 random bytes (Standard Webhooks), kept encrypted at rest
/// with AES-256-GCM under <c>Notifications:Webhooks:SecretEncryptionKey</c>, bound to their subscription's id.
/// </summary>
public sealed class WebhookSecrets(IOptions<NotificationOptions> options)
{
    public const string Prefix = "whsec_";
    private const string Version = "v1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Lazy<byte[]> _key = new(() => ParseKey(options.Value.Webhooks.SecretEncryptionKey));

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret, Guid subscriptionId)
    {
        var plain = System.Text.Encoding.UTF8.GetBytes(secret);
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key.Value, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), subscriptionId.ToByteArray());
        return Version + Convert.ToBase64String(output);
    }

    public string Unprotect(string protectedSecret, Guid subscriptionId)
    {
        if (!protectedSecret.StartsWith(Version, StringComparison.Ordinal)) throw new CryptographicException("Unknown secret format.");
        var input = Convert.FromBase64String(protectedSecret[Version.Length..]);
        var plain = new byte[input.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key.Value, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), plain, subscriptionId.ToByteArray());
        return System.Text.Encoding.UTF8.GetString(plain);
    }

    public static bool IsValidKey(string? key)
    {
        try
        {
            return key is not null && Convert.FromBase64String(key).Length == 32;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static byte[] ParseKey(string key) =>
        IsValidKey(key)
            ? Convert.FromBase64String(key)
            : throw new InvalidOperationException("Notifications:Webhooks:SecretEncryptionKey must be base64 of 32 random bytes.");
}
