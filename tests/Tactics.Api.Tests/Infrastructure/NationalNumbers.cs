using System.Security.Cryptography;
using System.Text;

namespace Tactics.Api.Tests.Infrastructure;

/// <summary>Valid national register numbers (mod-97) of the tests' own, so tests sharing one database never share a person.</summary>
public static class NationalNumbers
{
    /// <summary>The 11 digits of someone born on <paramref name="birthDate"/> (1900–2099) with a serial of 1 to 997.</summary>
    public static string For(DateOnly birthDate, int serial)
    {
        if (serial is < 1 or > 997) throw new ArgumentOutOfRangeException(nameof(serial));
        var body = long.Parse($"{birthDate:yyMMdd}{serial:D3}");
        var checkDigits = 97 - (int)((birthDate.Year >= 2000 ? 2_000_000_000L + body : body) % 97);
        return $"{body:D9}{checkDigits:D2}";
    }

    /// <summary>A birth date (1940–1999) and a number for it, derived from <paramref name="seed"/>: the same seed, the same person.</summary>
    public static (string Number, DateOnly BirthDate) Derived(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var birthDate = new DateOnly(1940, 1, 1).AddDays((int)(BitConverter.ToUInt32(hash, 0) % 21900));
        var serial = (int)(BitConverter.ToUInt32(hash, 4) % 997) + 1;
        return (For(birthDate, serial), birthDate);
    }

    /// <summary>A fresh person: a random birth date and number.</summary>
    public static (string Number, DateOnly BirthDate) Fresh() => Derived(Guid.NewGuid().ToString());

    /// <summary>A name no other test uses: the prefix and random letters (names hold no digits in real life either).</summary>
    public static string FreshName(string prefix) =>
        prefix + new string(Guid.NewGuid().ToString("N").Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());
}
