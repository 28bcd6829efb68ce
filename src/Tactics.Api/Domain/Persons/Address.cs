namespace Tactics.Api.Domain.Persons;

/// <summary>
/// A Belgian postal address. <c>Number</c> and <c>Box</c> are optional: some partners hold the whole line
/// in <c>Street</c>. A <c>Confidential</c> address (a shelter) is never matched and is shared most narrowly.
/// </summary>
public sealed record Address(string Street, string? Number, string? Box, string Postcode, string Commune, bool Confidential);
