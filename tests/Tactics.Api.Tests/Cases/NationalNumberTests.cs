using Tactics.Api.Domain.Persons;

namespace Tactics.Api.Tests.Cases;

/// <summary>The mod-97 check of the national register number: a pure rule, so unit tests.</summary>
public sealed class NationalNumberTests
{
    [Theory]
    [InlineData("90041712324", 1990, 4, 17)] // API-EXAMPLES.md, born 1990
    [InlineData("87110298781", 1987, 11, 2)] // API-EXAMPLES.md, born 1987
    [InlineData("90.04.17-123.24", 1990, 4, 17)] // as printed on the identity card
    [InlineData("900417 123 24", 1990, 4, 17)]
    [InlineData("05031512367", 2005, 3, 15)] // born 2005: the check uses 2 prefixed to the nine digits
    [InlineData("01010100126", 2001, 1, 1)]
    public void Valid_numbers_of_both_centuries_pass_and_give_their_birth_date(string input, int year, int month, int day)
    {
        Assert.True(NationalNumber.TryParse(input, out var number));
        Assert.Equal(new DateOnly(year, month, day), number.Value.BirthDate);
        Assert.Equal(year / 100 * 100, number.Value.BirthCentury);
        Assert.False(number.Value.IsBis);
        Assert.Equal(11, number.Value.Digits.Length);
    }

    [Theory]
    [InlineData("90241712367", 1990, 4, 17)] // BIS, month + 20
    [InlineData("90441712313", 1990, 4, 17)] // BIS, month + 40
    [InlineData("05231512313", 2005, 3, 15)] // BIS of someone born in 2005
    public void Bis_numbers_pass(string input, int year, int month, int day)
    {
        Assert.True(NationalNumber.TryParse(input, out var number));
        Assert.True(number.Value.IsBis);
        Assert.Equal(new DateOnly(year, month, day), number.Value.BirthDate);
    }

    [Theory]
    [InlineData("90041712325")] // check digits off by one
    [InlineData("87110298791")] // a check digit changed
    [InlineData("05031512368")] // born 2005, wrong check under both rules
    [InlineData("9004171232")] // ten digits
    [InlineData("900417123245")] // twelve digits
    [InlineData("9004171232A")]
    [InlineData("90131712387")] // month 13, check digits right
    [InlineData("90043212359")] // day 32, check digits right
    [InlineData("90331712333")] // month 33: neither an NRN nor a BIS month
    [InlineData("90531712376")] // month 53
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Invalid_numbers_fail(string? input)
    {
        Assert.False(NationalNumber.TryParse(input, out _));
    }

    [Fact]
    public void A_number_whose_check_fits_only_the_post_2000_rule_is_read_as_born_after_2000()
    {
        // 871102987: 81 under the pre-2000 rule, 13 under the post-2000 one (born 2087: the validator refuses a future year).
        Assert.True(NationalNumber.TryParse("87110298713", out var number));
        Assert.Equal(2087, number.Value.BirthYear);
    }

    [Fact]
    public void A_number_never_prints_itself()
    {
        var number = NationalNumber.Parse("90041712324");
        Assert.DoesNotContain("90041712324", number.ToString());
        Assert.DoesNotContain("900417", $"{number}");
    }
}
