using System.ComponentModel.DataAnnotations;
using Riok.Mapperly.Abstractions;
using Tactics.Api.Domain.Agencies;

namespace Tactics.Api.Features.Agencies;

/// <summary>An agency of the directory, as partners see it.</summary>
/// <param name="Code">Stable code, e.g. <c>police-5344</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="Kind">Agency kind: the role it plays in the sharing policy.</param>
/// <param name="JudicialDistrict">Judicial district, e.g. <c>bruxelles</c>.</param>
/// <param name="PoliceZone">Police zone number for police zones and their SAPV.</param>
/// <param name="Communes">Communes served.</param>
/// <param name="Postcodes">Postcodes served.</param>
/// <param name="Referent">Functional contact for partners.</param>
/// <param name="Hours">When the agency can be reached.</param>
public sealed record AgencyResponse(
    [property: MaxLength(64)] string Code,
    [property: MaxLength(200)] string Name,
    AgencyKind Kind,
    [property: MaxLength(64)] string JudicialDistrict,
    [property: MaxLength(8)] string? PoliceZone,
    [property: BoundedItems(300, 100)] IReadOnlyList<string> Communes,
    [property: BoundedItems(300, 4)] IReadOnlyList<string> Postcodes,
    ReferentContactResponse Referent,
    [property: MaxLength(200)] string Hours);

/// <summary>The agency's functional referent contact.</summary>
public sealed record ReferentContactResponse(
    [property: MaxLength(200)] string Function,
    [property: MaxLength(200), EmailAddress] string Email,
    [property: MaxLength(32)] string Phone);

[Mapper]
public static partial class AgencyMappers
{
    public static partial IQueryable<AgencyResponse> ProjectToResponse(this IQueryable<Agency> agencies);

    public static partial AgencyResponse ToResponse(this Agency agency);
}
