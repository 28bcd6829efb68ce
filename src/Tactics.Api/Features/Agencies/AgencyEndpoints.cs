using Mediator;
using Tactics.Api.Common.Paging;
using Tactics.Api.Features.Agencies.EditAgency;
using Tactics.Api.Features.Agencies.GetAgency;
using Tactics.Api.Features.Agencies.SetReferents;
using Tactics.Api.Features.Agencies.ListAgencies;

namespace Tactics.Api.Features.Agencies;

public static class AgencyEndpoints
{
    public static RouteGroupBuilder MapAgencyEndpoints(this RouteGroupBuilder api)
    {
        var agencies = api.MapGroup("/agencies").WithTags("Agencies");

        agencies.MapGet("/", async (IMediator mediator, CancellationToken ct,
                [AsParameters] ListAgenciesParameters parameters) =>
            TypedResults.Ok(await mediator.Send(new ListAgenciesQuery(parameters.Kind, parameters.Postcode, parameters.Limit, parameters.Cursor), ct)))
            .WithName("ListAgencies")
            .WithSummary("Lists the partner agencies, optionally by kind and by postcode served.")
            .Produces<CursorPage<AgencyResponse>>();

        agencies.MapGet("/{code}", async ([System.ComponentModel.DataAnnotations.MaxLength(64)] string code, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetAgencyQuery(code), ct)))
            .WithName("GetAgency")
            .WithSummary("Gets one agency by its stable code.")
            .ProducesNotFound();

        agencies.MapPatch("/{code}", async ([System.ComponentModel.DataAnnotations.MaxLength(64)] string code, EditAgencyCommand patch, IMediator mediator,
                CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(patch with { AgencyCode = code }, ct)))
            .WithName("EditAgency")
            .WithSummary("Edits the agency's functional contact and hours (a merge patch), so the contact list stays current. "
                + "By that agency's agency_admin only; anyone else gets 403.")
            .Accepts<EditAgencyCommand>(EditAgencyCommand.MediaType)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        agencies.MapPut("/{code}/referents", async ([System.ComponentModel.DataAnnotations.MaxLength(64)] string code, SetReferentsCommand command,
                IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(command with { AgencyCode = code }, ct)))
            .WithName("SetAgencyReferents")
            .WithSummary("Replaces the agency's referent mapping: postcodes to the user id of a referent (police: EVA referents, who get the EVA "
                + "call-back of a family-dispute PV where the victim lives; CPAS: its DV referent). By that agency's agency_admin only; anyone else gets 403.")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        return api;
    }
}

/// <summary>Query of <c>GET /agencies</c>.</summary>
public sealed class ListAgenciesParameters
{
    /// <summary>Agency kind, e.g. <c>police</c> or <c>victim_support</c>.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "kind")]
    [EnumString(typeof(Domain.Agencies.AgencyKind))]
    public string? Kind { get; init; }

    /// <summary>A Belgian postcode the agency serves (four digits).</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "postcode")]
    [System.ComponentModel.DataAnnotations.RegularExpression("^[1-9][0-9]{3}$")]
    [System.ComponentModel.DataAnnotations.MaxLength(4)]
    public string? Postcode { get; init; }

    /// <summary>Page size, 1 to 200 (50 by default).</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "limit")]
    [System.ComponentModel.DataAnnotations.Range(1, Common.Paging.Cursor.MaxLimit)]
    public int? Limit { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "cursor")]
    [System.ComponentModel.DataAnnotations.MaxLength(Common.Paging.Cursor.MaxLength)]
    public string? Cursor { get; init; }
}
