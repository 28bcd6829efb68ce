using System.Text;
using System.Text.RegularExpressions;

namespace Tactics.Api.Domain.Households;

/// <summary>An address reduced to what identifies a dwelling, whatever the language or the way it was typed.</summary>
public sealed record NormalisedAddress(string Postcode, string Street, string Number, string? Box)
{
    /// <summary>Same dwelling: same postcode, street and number; boxes equal, or one of them unknown.</summary>
    public bool SameDwellingAs(NormalisedAddress other) =>
        Postcode == other.Postcode && Street == other.Street && Number == other.Number
        && (Box is null || other.Box is null || Box == other.Box);

    /// <summary>The indexable part: postcode, street and number.</summary>
    public string Key => $"{Postcode}|{Street}|{Number}";
}

/// <summary>Pure normalisation for household matching: no database, no configuration.</summary>
public static partial class MatchingKeys
{
    /// <summary>
    /// Normalises an address: accents, case and punctuation dropped, the Dutch name of a Brussels street
    /// mapped to its French twin, a number (and box) written inside <paramref name="street"/> parsed out.
    /// Null when there is no street or no number to compare.
    /// </summary>
    public static NormalisedAddress? Address(string? street, string? number, string? box, string? postcode)
    {
        if (string.IsNullOrWhiteSpace(street) || string.IsNullOrWhiteSpace(postcode)) return null;

        var text = Fold(street);
        if (string.IsNullOrWhiteSpace(number))
        {
            var inline = InlineNumber().Match(text);
            if (!inline.Success) return null;
            text = inline.Groups["street"].Value.Trim();
            number = inline.Groups["number"].Value;
            if (string.IsNullOrWhiteSpace(box) && inline.Groups["box"].Success) box = inline.Groups["box"].Value;
        }

        var canonicalStreet = BilingualStreets.DutchToFrench.TryGetValue(text, out var french) ? french : text;
        var canonicalBox = string.IsNullOrWhiteSpace(box) ? null : Fold(box).Replace(" ", "");
        return new NormalisedAddress(postcode.Trim(), canonicalStreet, Fold(number).Replace(" ", ""), canonicalBox);
    }

    /// <summary>A person's name and birth date as one comparable key; null without a birth date.</summary>
    public static string? NameAndBirthDate(string? firstName, string? lastName, DateOnly? birthDate) =>
        birthDate is null || string.IsNullOrWhiteSpace(firstName) || string.IsNullOrWhiteSpace(lastName)
            ? null
            : $"{Fold(lastName)}|{Fold(firstName)}|{birthDate.Value:yyyy-MM-dd}";

    /// <summary>Lower case, accents removed, punctuation to spaces, spaces collapsed.</summary>
    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var lower = char.ToLowerInvariant(c);
            // The API runs in invariant globalization (no ICU), so accents are folded by table, not by Unicode decomposition.
            var index = Accented.IndexOf(lower);
            if (index >= 0) builder.Append(Plain[index]);
            else if (lower == 'æ') builder.Append("ae");
            else if (lower == 'œ') builder.Append("oe");
            else if (lower == 'ß') builder.Append("ss");
            else builder.Append(char.IsLetterOrDigit(lower) || lower == '-' ? lower : ' ');
        }
        return Spaces().Replace(builder.ToString(), " ").Trim();
    }

    private const string Accented = "àáâãäåāăąçćčďđèéêëēĕėęěìíîïĩīĭįıñńňòóôõöøōŏőùúûüũūŭůűųýÿŕřśšşťţźżž";
    private const string Plain = "aaaaaaaaacccddeeeeeeeeeiiiiiiiiinnnooooooooouuuuuuuuuuyyrrsssttzzz";

    [GeneratedRegex(@"^(?<street>.*?[a-z].*?)\s+(?<number>\d+[a-z]?)(\s+(bte|boite|bus|b)\s*(?<box>[0-9a-z]+))?$")]
    private static partial Regex InlineNumber();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
