using Tactics.Api.Domain.Households;

namespace Tactics.Api.Tests.Households;

public sealed class MatchingKeysTests
{
    [Fact]
    public void The_french_and_dutch_names_of_a_brussels_street_are_one_address()
    {
        var french = MatchingKeys.Address("Rue de la Limite", "12", "3", "1210");
        var dutch = MatchingKeys.Address("Grensstraat", "12", "3", "1210");
        Assert.NotNull(french);
        Assert.True(french.SameDwellingAs(dutch!));
    }

    [Theory]
    [InlineData("Rue de la Limite 12", null, null)]
    [InlineData("rue de la limite 12 bte 3", null, "3")]
    [InlineData("RUE DE LA LIMITE, 12", null, null)]
    [InlineData("Grensstraat 12 bus 3", null, "3")]
    public void A_number_written_inside_the_street_is_parsed_out(string street, string? number, string? box)
    {
        var address = MatchingKeys.Address(street, number, null, "1210");
        Assert.NotNull(address);
        Assert.Equal("rue de la limite", address.Street);
        Assert.Equal("12", address.Number);
        Assert.Equal(box, address.Box);
    }

    [Fact]
    public void A_missing_box_still_matches_but_two_different_boxes_do_not()
    {
        var withBox = MatchingKeys.Address("Rue de la Limite", "12", "3", "1210")!;
        Assert.True(withBox.SameDwellingAs(MatchingKeys.Address("Rue de la Limite 12", null, null, "1210")!));
        Assert.False(withBox.SameDwellingAs(MatchingKeys.Address("Rue de la Limite", "12", "4", "1210")!));
        Assert.False(withBox.SameDwellingAs(MatchingKeys.Address("Rue de la Limite", "14", "3", "1210")!));
        Assert.False(withBox.SameDwellingAs(MatchingKeys.Address("Rue de la Limite", "12", "3", "1030")!));
    }

    [Fact]
    public void An_address_without_a_number_cannot_be_compared()
    {
        Assert.Null(MatchingKeys.Address("Rue de la Limite", null, null, "1210"));
        Assert.Null(MatchingKeys.Address(null, "12", null, "1210"));
    }

    [Fact]
    public void Names_match_across_case_and_accents_with_the_same_birth_date()
    {
        var a = MatchingKeys.NameAndBirthDate("Amina", "Exàmple", new DateOnly(1990, 4, 17));
        var b = MatchingKeys.NameAndBirthDate("AMINA", "Example", new DateOnly(1990, 4, 17));
        Assert.Equal(a, b);
        Assert.NotEqual(a, MatchingKeys.NameAndBirthDate("Amina", "Example", new DateOnly(1990, 4, 18)));
        Assert.Null(MatchingKeys.NameAndBirthDate("Amina", "Example", null));
    }
}
