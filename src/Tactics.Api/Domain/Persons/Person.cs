using Tactics.Api.Domain.Households;

namespace Tactics.Api.Domain.Persons;

/// <summary>
/// A victim or author on a case. The national register number is never stored in clear: a keyed HMAC
/// (<see cref="NationalNumberKey"/>) links the same person across cases and zones, and an encrypted copy
/// (<see cref="NationalNumberCipher"/>) is decrypted only to show it to those who may see identity.
/// </summary>
public sealed class Person
{
    private Person() { }

    public Person(Guid id, string firstName, string lastName, DateOnly? birthDate, ProtectedNationalNumber? nationalNumber,
        string? phone, Address? address)
    {
        Id = id;
        FirstName = firstName;
        LastName = lastName;
        BirthDate = birthDate;
        NationalNumberKey = nationalNumber?.Key;
        NationalNumberCipher = nationalNumber?.Cipher;
        Phone = phone;
        Address = address;
        RefreshMatchingKeys();
    }

    public Guid Id { get; private set; }
    public string FirstName { get; private set; } = "";
    public string LastName { get; private set; } = "";
    public DateOnly? BirthDate { get; private set; }

    /// <summary>HMAC-SHA256 of the 11 digits under the configured key: equal numbers give equal keys.</summary>
    public byte[]? NationalNumberKey { get; private set; }

    /// <summary>AES-GCM encryption of the 11 digits under the configured key.</summary>
    public byte[]? NationalNumberCipher { get; private set; }

    public string? Phone { get; private set; }
    public Address? Address { get; private set; }

    /// <summary>The agency that recorded the current address: the only one that may change a confidential one.</summary>
    public string? AddressRecordedBy { get; private set; }

    /// <summary>Names the agency that recorded the current address.</summary>
    public void StampAddressRecorder(string agencyCode)
    {
        if (Address is not null) AddressRecordedBy = agencyCode;
    }

    /// <summary>The normalised dwelling (postcode, street, number) for household matching; none for a confidential address.</summary>
    public string? AddressKey { get; private set; }

    /// <summary>The normalised box of <see cref="AddressKey"/>, if any (an unknown box matches any box).</summary>
    public string? AddressBoxKey { get; private set; }

    /// <summary>The normalised name and birth date for household matching; none without a birth date.</summary>
    public string? NameBirthKey { get; private set; }

    /// <summary>Changes the contact details; returns whether anything changed.</summary>
    public bool ChangeContact(string? phone, Address? address)
    {
        if (phone == Phone && address == Address) return false;
        Phone = phone;
        Address = address;
        RefreshMatchingKeys();
        return true;
    }

    /// <summary>
    /// Recomputes the household-matching keys from the current name, birth date and address. A confidential
    /// address (a shelter) gets no key, so it is never matched.
    /// </summary>
    public void RefreshMatchingKeys()
    {
        var dwelling = Address is { Confidential: false } address
            ? MatchingKeys.Address(address.Street, address.Number, address.Box, address.Postcode)
            : null;
        AddressKey = dwelling?.Key;
        AddressBoxKey = dwelling?.Box;
        NameBirthKey = MatchingKeys.NameAndBirthDate(FirstName, LastName, BirthDate);
    }
}

/// <summary>A national number as it is stored: its linkage key and its encrypted copy.</summary>
public sealed record ProtectedNationalNumber(byte[] Key, byte[] Cipher);
