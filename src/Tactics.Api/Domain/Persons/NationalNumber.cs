using System.Diagnostics.CodeAnalysis;

namespace Tactics.Api.Domain.Persons;

/// <summary>
/// A Belgian national register number (NRN, <c>YYMMDDSSSCC</c>) or BIS number (birth month + 20 or + 40),
/// held as its 11 digits. <c>CC</c> is 97 minus the first nine digits modulo 97; for people born from 2000
/// on the nine digits are prefixed with <c>2</c>. Never log or print it: <see cref="ToString"/> is masked.
/// </summary>
public readonly struct NationalNumber : IEquatable<NationalNumber>
{
    private readonly string? _digits;

    private NationalNumber(string digits, int birthCentury)
    {
        _digits = digits;
        BirthCentury = birthCentury;
    }

    /// <summary>The 11 digits, without separators.</summary>
    public string Digits => _digits ?? throw new InvalidOperationException("Empty national number.");

    /// <summary>1900 or 2000: the century whose check-digit rule the number satisfies.</summary>
    public int BirthCentury { get; }

    /// <summary>The birth year the number encodes (always known, unlike the month and day).</summary>
    public int BirthYear => BirthCentury + int.Parse(Digits.AsSpan(0, 2));

    /// <summary>True for a BIS number (foreigners without an NRN): the month is raised by 20 or 40.</summary>
    public bool IsBis => Month > 12;

    private int Month => int.Parse(Digits.AsSpan(2, 2));

    /// <summary>
    /// The birth date the number encodes, when it encodes a full one (BIS numbers and some NRNs leave the
    /// month or day at 0 when the date is unknown).
    /// </summary>
    public DateOnly? BirthDate
    {
        get
        {
            var year = BirthYear;
            var month = Month % 20;
            var day = int.Parse(Digits.AsSpan(4, 2));
            return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
                ? new DateOnly(year, month, day)
                : null;
        }
    }

    /// <summary>Accepts the number with or without dots, dashes and spaces (<c>90.04.17-123.24</c>).</summary>
    public static bool TryParse(string? input, [NotNullWhen(true)] out NationalNumber? number)
    {
        number = null;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 20) return false;

        Span<char> digits = stackalloc char[11];
        var count = 0;
        foreach (var c in input)
        {
            if (c is '.' or '-' or ' ') continue;
            if (c is < '0' or > '9' || count == 11) return false;
            digits[count++] = c;
        }
        if (count != 11) return false;

        var month = (digits[2] - '0') * 10 + (digits[3] - '0');
        var day = (digits[4] - '0') * 10 + (digits[5] - '0');
        // NRN months 0-12 (0: unknown), BIS months + 20 or + 40.
        if (month % 20 > 12 || month > 52 || day > 31) return false;

        var body = long.Parse(digits[..9]);
        var check = int.Parse(digits[9..]);
        int? century = check == CheckDigits(body) ? 1900
            : check == CheckDigits(2_000_000_000L + body) ? 2000
            : null;
        if (century is null) return false;

        number = new NationalNumber(new string(digits), century.Value);
        return true;
    }

    public static NationalNumber Parse(string input) =>
        TryParse(input, out var number) ? number.Value : throw new FormatException("Not a valid national register number.");

    private static int CheckDigits(long value) => 97 - (int)(value % 97);

    public bool Equals(NationalNumber other) => _digits == other._digits;
    public override bool Equals(object? obj) => obj is NationalNumber other && Equals(other);
    public override int GetHashCode() => _digits?.GetHashCode(StringComparison.Ordinal) ?? 0;
    public static bool operator ==(NationalNumber left, NationalNumber right) => left.Equals(right);
    public static bool operator !=(NationalNumber left, NationalNumber right) => !left.Equals(right);

    /// <summary>Masked on purpose, so an accidental log line or interpolation never carries the number.</summary>
    public override string ToString() => "***********";
}
