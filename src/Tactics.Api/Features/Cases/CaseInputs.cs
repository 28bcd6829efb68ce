using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Persons;
using Tactics.Api.Infrastructure.Persons;

namespace Tactics.Api.Features.Cases;

/// <summary>A victim or an author on a new case.</summary>
/// <param name="FirstName">First name.</param>
/// <param name="LastName">Last name.</param>
/// <param name="BirthDate">Birth date; not in the future.</param>
/// <param name="NationalNumber">Belgian national register number or BIS number (11 digits; dots, dashes and spaces allowed). Never stored in clear.</param>
/// <param name="Phone">Phone number.</param>
/// <param name="Address">Postal address in Belgium.</param>
public sealed record PersonInput(
    [property: MaxLength(100)] string FirstName,
    [property: MaxLength(100)] string LastName,
    DateOnly? BirthDate,
    [property: MaxLength(20)] string? NationalNumber,
    [property: MaxLength(32)] string? Phone,
    AddressInput? Address)
{
    /// <summary>The person as stored: names trimmed, the national number protected (linkage key and encrypted copy), never in clear.</summary>
    public Person ToPerson(INationalNumberProtector nationalNumbers) => new(
        Guid.NewGuid(),
        FirstName.Trim(),
        LastName.Trim(),
        BirthDate,
        NationalNumber is null ? null : nationalNumbers.Protect(Domain.Persons.NationalNumber.Parse(NationalNumber)),
        string.IsNullOrWhiteSpace(Phone) ? null : Phone.Trim(),
        Address?.ToAddress());
}

/// <summary>A Belgian postal address. <c>number</c> and <c>box</c> are optional: the whole line may sit in <c>street</c>.</summary>
/// <param name="Street">Street, or the whole address line.</param>
/// <param name="Number">House number.</param>
/// <param name="Box">Box (boîte / bus).</param>
/// <param name="Postcode">Four-digit Belgian postcode.</param>
/// <param name="Commune">Commune.</param>
/// <param name="Confidential">A protected address (a shelter): never matched, shared most narrowly.</param>
public sealed record AddressInput(
    [property: MaxLength(200)] string Street,
    [property: MaxLength(16)] string? Number,
    [property: MaxLength(16)] string? Box,
    [property: MaxLength(4), RegularExpression("^[1-9][0-9]{3}$")] string Postcode,
    [property: MaxLength(100)] string Commune,
    bool Confidential)
{
    public Address ToAddress() => new(Street.Trim(), Blank(Number), Blank(Box), Postcode, Commune.Trim(), Confidential);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>A minor of the household: no name, only the birth year and whether present at the incidents.</summary>
/// <param name="BirthYear">Year of birth (a minor: at most 18 years ago).</param>
/// <param name="PresentAtIncidents">Whether the child was present at the incidents.</param>
public sealed record ChildInput([property: Range(1900, 2100)] int BirthYear, bool PresentAtIncidents);

public sealed class PersonInputValidator : AbstractValidator<PersonInput>
{
    public PersonInputValidator(TimeProvider time)
    {
        RuleFor(p => p.FirstName).NotEmpty().MaximumLength(100);
        RuleFor(p => p.LastName).NotEmpty().MaximumLength(100);
        RuleFor(p => p.BirthDate).BirthDate(time);
        RuleFor(p => p.NationalNumber).NationalNumber()
            .Must(number => PersonRules.EncodesAPastBirthYear(number, time))
            .WithMessage("This national number encodes a birth year still to come.")
            .Must((person, number) => PersonRules.BirthDateAgrees(number, person.BirthDate))
            .WithMessage("The birth date this national number encodes differs from birthDate.");
        RuleFor(p => p.Phone).Phone();
        RuleFor(p => p.Address!).SetValidator(new AddressInputValidator()).When(p => p.Address is not null);
    }
}

public sealed class AddressInputValidator : AbstractValidator<AddressInput>
{
    public AddressInputValidator()
    {
        RuleFor(a => a.Street).NotEmpty().MaximumLength(200);
        RuleFor(a => a.Number).MaximumLength(16);
        RuleFor(a => a.Box).MaximumLength(16);
        RuleFor(a => a.Postcode).NotEmpty().BelgianPostcode();
        RuleFor(a => a.Commune).NotEmpty().MaximumLength(100);
    }
}

public sealed class ChildInputValidator : AbstractValidator<ChildInput>
{
    public ChildInputValidator(TimeProvider time)
    {
        RuleFor(c => c.BirthYear).Must(year =>
            {
                var thisYear = time.GetUtcNow().Year;
                return year >= thisYear - 18 && year <= thisYear;
            })
            .WithMessage("Must be the birth year of a minor: this year or up to 18 years ago.");
    }
}
