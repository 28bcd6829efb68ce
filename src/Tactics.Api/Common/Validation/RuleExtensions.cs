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

    /// <summary>The earliest date a record may carry, and how far ahead one may be planned.</summary>
    private static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(366 * 30);

    /// <summary>A date from 1900 to 30 years from now (a measure's start, a leave, a hearing).</summary>
    public static IRuleBuilderOptions<T, DateTimeOffset?> DateFrom1900ToHorizon<T>(this IRuleBuilder<T, DateTimeOffset?> rule, TimeProvider time) =>
        rule.Must(at => at >= Earliest && at <= time.GetUtcNow() + Horizon).WithMessage("Must be a date between 1900 and 30 years from now.");

    /// <summary>A date at most 30 years from now (an end, a scheduled release).</summary>
    public static IRuleBuilderOptions<T, DateTimeOffset?> WithinHorizon<T>(this IRuleBuilder<T, DateTimeOffset?> rule, TimeProvider time) =>
        rule.Must(at => at <= time.GetUtcNow() + Horizon).WithMessage("Must be within 30 years.");

    /// <summary>A date from 1900 on.</summary>
    public static IRuleBuilderOptions<T, DateTimeOffset?> DateFrom1900<T>(this IRuleBuilder<T, DateTimeOffset?> rule) =>
        rule.Must(at => at >= Earliest).WithMessage("Must be a date from 1900 on.");

    public static IRuleBuilderOptions<T, string?> ValidCursor<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(Cursor.MaxLength).Must(cursor => Cursor.TryDecode(cursor, out _))
            .WithMessage("Must be the nextCursor of a previous page.");
}
