using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Tactics.Api.Domain.Persons;

namespace Tactics.Api.Infrastructure.Persons;

/// <summary>Bound from the <c>Persons</c> section. Both keys are base64 and hold exactly 32 bytes.</summary>
public sealed class PersonsOptions
{
    public const string Section = "Persons";

    /// <summary>AES-256-GCM key of the encrypted copy of national numbers (shown to those who may see identity).</summary>
    public string? NationalNumberEncryptionKey { get; set; }

    /// <summary>HMAC-SHA256 key of the linkage key of national numbers (household matching).</summary>
    public string? NationalNumberHmacKey { get; set; }

    internal static byte[] Key(string? base64, string name)
    {
        if (string.IsNullOrWhiteSpace(base64)) throw new InvalidOperationException($"Persons:{name} is required.");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"Persons:{name} must be base64.");
        }
        return bytes.Length == 32 ? bytes : throw new InvalidOperationException($"Persons:{name} must hold 32 bytes.");
    }
}

/// <summary>Protects national numbers at rest: a keyed HMAC for linkage, AES-GCM for the copy that is shown.</summary>
public interface INationalNumberProtector
{
    ProtectedNationalNumber Protect(NationalNumber number);

    /// <summary>The linkage key alone, to look a number up.</summary>
    byte[] KeyOf(NationalNumber number);

    /// <summary>The 11 digits back from the encrypted copy.</summary>
    string Reveal(byte[] cipher);
}

internal sealed class NationalNumberProtector : INationalNumberProtector
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    // Binds each ciphertext to its purpose: a blob copied from another column does not decrypt here.
    private static readonly byte[] AssociatedData = "tactics:person:national-number"u8.ToArray();

    private readonly byte[] _encryptionKey;
    private readonly byte[] _hmacKey;

    public NationalNumberProtector(IOptions<PersonsOptions> options)
    {
        _encryptionKey = PersonsOptions.Key(options.Value.NationalNumberEncryptionKey, nameof(PersonsOptions.NationalNumberEncryptionKey));
        _hmacKey = PersonsOptions.Key(options.Value.NationalNumberHmacKey, nameof(PersonsOptions.NationalNumberHmacKey));
        if (_encryptionKey.AsSpan().SequenceEqual(_hmacKey))
        {
            throw new InvalidOperationException("Persons: the encryption and HMAC keys must differ.");
        }
    }

    public ProtectedNationalNumber Protect(NationalNumber number) => new(KeyOf(number), Encrypt(number.Digits));

    public byte[] KeyOf(NationalNumber number) => HMACSHA256.HashData(_hmacKey, Encoding.ASCII.GetBytes(number.Digits));

    public string Reveal(byte[] cipher)
    {
        if (cipher.Length < 1 + NonceSize + TagSize || cipher[0] != FormatVersion)
        {
            throw new CryptographicException("Unknown national number cipher format.");
        }
        var nonce = cipher.AsSpan(1, NonceSize);
        var tag = cipher.AsSpan(cipher.Length - TagSize);
        var encrypted = cipher.AsSpan(1 + NonceSize, cipher.Length - 1 - NonceSize - TagSize);
        var plain = new byte[encrypted.Length];
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Decrypt(nonce, encrypted, tag, plain, AssociatedData);
        return Encoding.ASCII.GetString(plain);
    }

    private byte[] Encrypt(string digits)
    {
        var plain = Encoding.ASCII.GetBytes(digits);
        var output = new byte[1 + NonceSize + plain.Length + TagSize];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(1 + NonceSize, plain.Length), output.AsSpan(output.Length - TagSize), AssociatedData);
        return output;
    }
}
