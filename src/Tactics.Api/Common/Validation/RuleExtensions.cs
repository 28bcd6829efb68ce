using FluentValidation;
using Tactics.Api.Common.Paging;

namespace Tactics.Api.Common.Validation;

/// <summary>Rules shared by many validators, each with a message that says what is expected.</summary>
public static class RuleExtensions
{
    public static IRuleBuilderOptions<T, string?> MustBeEnumName<T, TEnum>(this IRuleBuilder<T, string?> rule)
        where TEnum : struct, Enum =>
        rule.Must(value => value is null || EnumNames.TryParse<TEnum>(value, out _))
            .WithMessage($"Must be one of: {string.Join(", ", EnumNames.All<TEnum>())}.");

    public static IRuleBuilderOptions<T, string?> BelgianPostcode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Matches("^[1-9][0-9]{3}$").WithMessage("Must be a Belgian postcode: four digits, 1000 to 9999.");

    public static IRuleBuilderOptions<T, string?> ValidCursor<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(Cursor.MaxLength).Must(cursor => Cursor.TryDecode(cursor, out _))
            .WithMessage("Must be the nextCursor of a previous page.");
}
