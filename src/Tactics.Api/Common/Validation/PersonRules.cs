using FluentValidation;
using Tactics.Api.Domain.Persons;

namespace Tactics.Api.Common.Validation;

/// <summary>Rules on persons' fields. Messages never quote the value: it is personal data.</summary>
public static class PersonRules
{
    public const string PhonePattern = @"^\+?[0-9][0-9 ./()-]{5,30}$";
    public static readonly DateOnly EarliestBirthDate = new(1900, 1, 1);

    public static IRuleBuilderOptions<T, string?> NationalNumber<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(value => value is null || Domain.Persons.NationalNumber.TryParse(value, out _))
            .WithMessage("Must be a Belgian national register or BIS number: 11 digits (dots, dashes and spaces allowed) whose last two are the mod-97 check.");

    public static IRuleBuilderOptions<T, string?> Phone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(32).Matches(PhonePattern).WithMessage("Must be a phone number: digits, an optional leading +, spaces, dots, dashes or parentheses.");

    public static IRuleBuilderOptions<T, DateOnly?> BirthDate<T>(this IRuleBuilder<T, DateOnly?> rule, TimeProvider time) =>
        rule.Must(date => date is null || (date >= EarliestBirthDate && date <= DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)))
            .WithMessage("Must be a date between 1900-01-01 and today: a birth date is not in the future.");

    /// <summary>A number whose check digits only fit the post-2000 rule for a year still to come is not a real number.</summary>
    public static bool EncodesAPastBirthYear(string? nationalNumber, TimeProvider time) =>
        !Domain.Persons.NationalNumber.TryParse(nationalNumber, out var number) || number.Value.BirthYear <= time.GetUtcNow().Year;

    /// <summary>When both are given, the birth date a national number encodes (if it encodes a full one) must be the birth date.</summary>
    public static bool BirthDateAgrees(string? nationalNumber, DateOnly? birthDate) =>
        birthDate is null
        || !Domain.Persons.NationalNumber.TryParse(nationalNumber, out var number)
        || number.Value.BirthDate is not { } encoded
        || encoded == birthDate;
}
