using Tactics.Api.Domain.Persons;

namespace Tactics.Api.Tests.Households;

/// <summary>The keys a person is matched by: computed by the domain on creation and on every contact change.</summary>
public sealed class PersonMatchingKeysTests
{
    private static Person Person(Address? address) =>
        new(Guid.NewGuid(), "Amina", "Exâmple", new DateOnly(1990, 4, 17), null, null, address);

    [Fact]
    public void French_and_Dutch_spellings_of_one_dwelling_get_one_address_key()
    {
        var french = Person(new Address("Rue de la Limite", "12", "3", "1210", "Saint-Josse-ten-Noode", false));
        var dutch = Person(new Address("Grensstraat 12 bus 3", null, null, "1210", "Sint-Joost-ten-Node", false));

        Assert.NotNull(french.AddressKey);
        Assert.Equal(french.AddressKey, dutch.AddressKey);
        Assert.Equal("3", french.AddressBoxKey);
        Assert.Equal("3", dutch.AddressBoxKey);
        Assert.Equal("example|amina|1990-04-17", french.NameBirthKey);
    }

    [Fact]
    public void A_confidential_address_gets_no_key()
    {
        var sheltered = Person(new Address("Rue de la Limite", "12", null, "1210", "Saint-Josse-ten-Noode", true));
        Assert.Null(sheltered.AddressKey);
        Assert.Null(sheltered.AddressBoxKey);
        Assert.NotNull(sheltered.NameBirthKey);
    }

    [Fact]
    public void A_contact_change_recomputes_the_address_key()
    {
        var person = Person(new Address("Rue Royale", "1", null, "1000", "Bruxelles", false));
        var before = person.AddressKey;

        person.ChangeContact(null, new Address("Koningsstraat", "1", null, "1000", "Brussel", true));
        Assert.Null(person.AddressKey);
        person.ChangeContact(null, new Address("Koningsstraat", "1", null, "1000", "Brussel", false));
        Assert.Equal(before, person.AddressKey);
        person.ChangeContact(null, null);
        Assert.Null(person.AddressKey);
    }
}
