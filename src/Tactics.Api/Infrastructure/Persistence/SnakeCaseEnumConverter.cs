using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Tactics.Api.Infrastructure.Persistence;

/// <summary>Stores an enum as the same snake_case string the API speaks, so the database reads like the contract.</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => ToName(value),
    name => Enum.Parse<TEnum>(name.Replace("_", ""), true))
    where TEnum : struct, Enum
{
    public static string ToName(TEnum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
