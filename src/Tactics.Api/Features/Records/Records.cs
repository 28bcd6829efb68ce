using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Time;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.CaseSharing;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Records;

/// <summary>An agency's own entry on a case, in one category (a CPAS social situation, CPVS findings, an internal note).</summary>
/// <param name="Category">Its data category: internal_notes, or the agency kind's own (social: cpas, victim_support; health: health; facts: police, parquet).</param>
/// <param name="Text">The entry, as facts.</param>
public sealed record AddRecordCommand([property: Required] DataCategory? Category, [property: MaxLength(AddRecordValidator.MaxText)] string Text)
    : ICommand<RecordAdded>
{
    [JsonIgnore] public Guid CaseId { get; init; }
    [JsonIgnore] public string? IfMatch { get; init; }
}

/// <summary>An agency record, shown only to those the policy lets read its category, and always to its author agency.</summary>
public sealed record RecordResponse(
    [property: Category(DataCategory.Core)] Guid Id,
    [property: Category(DataCategory.Core)] Guid CaseId,
    [property: Category(DataCategory.Core)] DataCategory Category,
    [property: EntryCategory, MaxLength(AddRecordValidator.MaxText)] string Text,
    [property: Category(DataCategory.Core), MaxLength(64)] string AuthorAgency,
    [property: Category(DataCategory.Core)] DateTimeOffset At);

public sealed record RecordAdded(RecordResponse Record, string ETag) : ICreatedResource
{
    public Guid ResourceId => Record.Id;
    public string Location => $"/api/v1/cases/{Record.CaseId}/records/{Record.Id}";
}

public sealed record ListRecordsQuery(Guid CaseId, int? Limit = null, string? Cursor = null) : IQuery<CaseDataPage<RecordResponse>>, ICaseChildListQuery;

public sealed record GetRecordQuery(Guid CaseId, Guid RecordId) : IQuery<RecordResponse>;

public sealed class AddRecordValidator : AbstractValidator<AddRecordCommand>
{
    public const int MaxText = 10000;

    public AddRecordValidator()
    {
        RuleFor(c => c.IfMatch).MaximumLength(ETags.MaxLength).OverridePropertyName("If-Match");
        RuleFor(c => c.Category).NotNull().IsInEnum()
            .Must(c => c is not DataCategory.Core).WithMessage("A record is written in a category of its own, not core.");
        RuleFor(c => c.Text).NotEmpty().MaximumLength(MaxText);
    }
}

public sealed class ListRecordsValidator : CaseChildListValidator<ListRecordsQuery>;

public sealed class GetRecordValidator : AbstractValidator<GetRecordQuery>
{
    public GetRecordValidator() => RuleFor(q => q.RecordId).NotEmpty();
}

public sealed class AddRecordHandler(TacticsDbContext db, ICaseAccess access, ICurrentUser user, TimeProvider time)
    : ICommandHandler<AddRecordCommand, RecordAdded>
{
    public async ValueTask<RecordAdded> Handle(AddRecordCommand command, CancellationToken cancellationToken)
    {
        var @case = await access.WriteAsync(command.CaseId, [CaseAction.AddRecord], command.IfMatch, ifMatchRequired: false, cancellationToken);
        // The category decides who else may ever read it; the writer's kind decides whether it may write it.
        access.EnsureMayWrite(@case.Id, command.Category!.Value);
        var now = time.UtcNowStored();
        var record = new AgencyRecord(@case.Id, command.Category.Value, command.Text.Trim(), user.AgencyCode, user.UserId, now);
        db.AgencyRecords.Add(record);
        // Seen by those who see its category, and by its writer (its own entry).
        @case.RecordAppend(EventCatalogue.CaseRecordAdded, user.AgencyCode, now,
            [CaseChanges.Category(record.Category), CaseChanges.Agency(user.AgencyCode)]);
        return new RecordAdded(RecordsView.ToResponse(record), (await access.StampAsync(@case, cancellationToken)).ETag);
    }
}

public sealed class RecordQueriesHandler(ICaseAccess access, TacticsDbContext db)
    : IQueryHandler<ListRecordsQuery, CaseDataPage<RecordResponse>>, IQueryHandler<GetRecordQuery, RecordResponse>
{
    private static readonly TimeIdKeyset<AgencyRecord> Keyset = new(r => r.At, r => r.Id);

    public async ValueTask<CaseDataPage<RecordResponse>> Handle(ListRecordsQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadEntriesAsync(query.CaseId, cancellationToken);
        var limit = query.Limit ?? Cursor.DefaultLimit;
        TimeIdCursor.TryParse(query.Cursor, out var after);
        // Each record on its own: readable by its category's policy, or by the agency that wrote it; filtered before paging.
        var page = await Keyset.CollectAsync(db.AgencyRecords.AsNoTracking().Where(r => r.CaseId == grant.Case.Id), after, limit,
            r => access.DecideEntry(grant.Case.Id, r.Category, r.AuthorAgency).Permitted, cancellationToken);
        return CaseDataPage.Of(page, RecordsView.ToResponse, grant.Visibility);
    }

    public async ValueTask<RecordResponse> Handle(GetRecordQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadEntriesAsync(query.CaseId, cancellationToken);
        var record = await db.AgencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Id == query.RecordId && r.CaseId == grant.Case.Id, cancellationToken);
        // A record the caller may not read answers exactly as a record that does not exist.
        if (record is null || !access.DecideEntry(grant.Case.Id, record.Category, record.AuthorAgency).Permitted)
        {
            throw new NotFoundException("record");
        }
        return RecordsView.ToResponse(record);
    }
}

internal static class RecordsView
{
    public static RecordResponse ToResponse(AgencyRecord record) =>
        new(record.Id, record.CaseId, record.Category, record.Text, record.AuthorAgency, record.At);
}

public static class RecordEndpoints
{
    public static RouteGroupBuilder MapRecordEndpoints(this RouteGroupBuilder api)
    {
        var records = api.MapGroup("/cases/{id:guid}/records").WithTags("Agency records");

        records.MapAppend("/", "AddRecord",
                "Adds the caller agency's own entry on a case, in internal_notes or its kind's category; the category decides who else may read it.",
                (AddRecordCommand command, AppendRoute route) => command with { CaseId = route.CaseId, IfMatch = route.IfMatch },
                (RecordAdded added) => added.Record,
                (route, recordId) => new GetRecordQuery(route.CaseId, recordId));

        records.MapGet("/", async (Guid id, [AsParameters] PageParameters page, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListRecordsQuery(id, page.Limit, page.Cursor), ct)))
            .WithName("ListRecords")
            .WithSummary("The agency records of a case the caller may read (its own always), oldest first, cursor-paged.")
            .Produces<CaseDataPage<RecordResponse>>()
            .ProducesNotFound();

        records.MapGet("/{recordId:guid}", async (Guid id, Guid recordId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetRecordQuery(id, recordId), ct)))
            .WithName("GetRecord")
            .WithSummary("One agency record, if the caller may read it.")
            .ProducesNotFound();

        return api;
    }
}
