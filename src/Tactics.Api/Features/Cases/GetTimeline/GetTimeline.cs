using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;
using Tactics.Api.Sharing.Ledger;

namespace Tactics.Api.Features.Cases.GetTimeline;

public sealed record GetTimelineQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<CaseDataPage<CaseEventResponse>>;

public sealed class GetTimelineValidator : AbstractValidator<GetTimelineQuery>
{
    public GetTimelineValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor().Must(cursor => SequenceCursor.TryParse(cursor, out _))
            .WithMessage("Must be the nextCursor of a previous page.");
    }
}

/// <summary>
/// The case's events the caller may see, in order. Each entry takes the category of what it records, or the audience of
/// the side record it announces (<see cref="SideRecordPolicy.TimelineRule"/>): an agency record's readers, a task's
/// category, a consent's or a consultation's audience, the household-link rule (<see cref="SideRecordPolicy.SeesHouseholdLink"/>). Entries outside the caller's
/// view are dropped before paging, so a page is full whenever more follows.
/// </summary>
public sealed class GetTimelineHandler(ICaseAccess access, HouseholdLinks households, TacticsDbContext db, ConsentLedger consentLedger, ConsultationLedger consultationLedger, CaseView view)
    : IQueryHandler<GetTimelineQuery, CaseDataPage<CaseEventResponse>>
{
    public async ValueTask<CaseDataPage<CaseEventResponse>> Handle(GetTimelineQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var limit = query.Limit ?? Cursor.DefaultLimit;
        SequenceCursor.TryParse(query.Cursor, out var after);
        var entries = await TimelineEntries.LoadAsync(db, consentLedger, consultationLedger, grant.Case.Id, cancellationToken);
        var seesHouseholdLink = await households.ShownAsync(new HouseholdLinkCandidate(grant.Case.Id, grant.Case.HouseholdId, grant.Visibility), cancellationToken);

        var events = db.CaseEvents.AsNoTracking().Where(e => e.CaseId == grant.Case.Id);
        var page = await FilteredPage.CollectAsync<CaseEvent>(
            async (last, take, ct) =>
            {
                var from = last?.Number ?? after;
                var rows = from is { } number ? events.Where(e => e.Number > number) : events;
                return await rows.OrderBy(e => e.Number).Take(take).ToListAsync(ct);
            },
            (e, _) => Task.FromResult(Visible(grant, entries, seesHouseholdLink, e)),
            limit, e => e.Number.ToString(CultureInfo.InvariantCulture), cancellationToken);
        return CaseDataPage.Of(page, view.Event, grant.Visibility);
    }

    private bool Visible(CaseReadGrant grant, TimelineEntries entries, bool seesHouseholdLink, CaseEvent e)
    {
        var caller = access.Caller;
        var owner = grant.Case.OwnerAgency;
        var rule = SideRecordPolicy.TimelineRule(e.Type);
        return rule.Audience switch
        {
            TimelineAudience.Category => access.DecideEntry(grant.Case.Id, rule.Category!.Value, e.ActorAgency).Permitted,
            TimelineAudience.Record => AllOf(entries.Records.Where(r => r.AuthorAgency == e.ActorAgency && r.At == e.OccurredAt),
                r => access.DecideEntry(grant.Case.Id, r.Category, r.AuthorAgency).Permitted),
            TimelineAudience.Task => e.TaskId is { } taskId && entries.TaskKinds.TryGetValue(taskId, out var kind)
                && grant.Visibility.Sees(SideRecordPolicy.CategoryOf(kind)),
            TimelineAudience.Consent => AllOf(entries.ConsentsAnnouncedBy(e),
                c => SideRecordPolicy.ForConsent(caller, owner, c, grant.Visibility).Visible),
            TimelineAudience.Consultation => AllOf(entries.Consultations.Where(c => c.OpenedBy == e.ActorAgency && c.OpenedAt == e.OccurredAt),
                c => SideRecordPolicy.ForConsultation(caller, owner, c.OpenedBy, c.Participants)),
            TimelineAudience.HouseholdLink => seesHouseholdLink,
            _ => false,
        };
    }

    /// <summary>True when there is at least one and the caller may see every one (an entry we cannot tie to its record is shown to no one).</summary>
    private static bool AllOf<T>(IEnumerable<T> records, Func<T, bool> visible)
    {
        var list = records.ToList();
        return list.Count > 0 && list.All(visible);
    }
}

/// <summary>
/// The side records a case's timeline entries announce, loaded once per request. A record, consent, revocation or
/// consultation is written in the change that raises its event, by the same agency at the same stored instant: that is how
/// an event finds it.
/// </summary>
internal sealed class TimelineEntries
{
    public required List<(Sharing.DataCategory Category, string AuthorAgency, DateTimeOffset At)> Records { get; init; }
    public required Dictionary<Guid, Domain.Tasks.TaskKind> TaskKinds { get; init; }
    public required List<(Guid Id, string RecordedBy, DateTimeOffset At, ConsentEntryFacts Facts)> Consents { get; init; }
    public required List<(Guid ConsentId, string RevokedBy, DateTimeOffset At)> Revocations { get; init; }
    public required List<(string OpenedBy, DateTimeOffset OpenedAt, IReadOnlyList<string> Participants)> Consultations { get; init; }

    public IEnumerable<ConsentEntryFacts> ConsentsAnnouncedBy(CaseEvent e) => e.Type == EventCatalogue.CaseConsentGranted
        ? Consents.Where(c => c.RecordedBy == e.ActorAgency && c.At == e.OccurredAt).Select(c => c.Facts)
        : Revocations.Where(r => r.RevokedBy == e.ActorAgency && r.At == e.OccurredAt)
            .SelectMany(r => Consents.Where(c => c.Id == r.ConsentId).Select(c => c.Facts));

    public static async Task<TimelineEntries> LoadAsync(TacticsDbContext db, ConsentLedger consentLedger, ConsultationLedger consultationLedger,
        Guid caseId, CancellationToken cancellationToken)
    {
        var records = await db.AgencyRecords.AsNoTracking().Where(r => r.CaseId == caseId)
            .Select(r => new { r.Category, r.AuthorAgency, r.At }).ToListAsync(cancellationToken);
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.CaseId == caseId).Select(t => new { t.Id, t.Kind }).ToListAsync(cancellationToken);
        // A consent is revoked at most once, by an entry of the consent's case: the ledger's entries carry every revocation.
        var consents = await consentLedger.EntriesAsync(caseId, cancellationToken);
        var consultations = await consultationLedger.EntriesAsync(caseId, cancellationToken);
        return new TimelineEntries
        {
            Records = [.. records.Select(r => (r.Category, r.AuthorAgency, r.At))],
            TaskKinds = tasks.ToDictionary(t => t.Id, t => t.Kind),
            Consents = [.. consents.Select(g => (g.Id, g.RecordedByAgency, g.RecordedAt, g.Facts))],
            Revocations = [.. consents.Where(g => g.Revocation is not null).Select(g => (g.Id, g.Revocation!.RevokedByAgency, g.Revocation.RevokedAt))],
            Consultations = [.. consultations.Select(c => (c.OpenedByAgency, c.OpenedAt, c.Participants))],
        };
    }
}

/// <summary>A cursor holding the number of the last event seen (timeline).</summary>
internal static class SequenceCursor
{
    public static bool TryParse(string? cursor, out int? after)
    {
        after = null;
        if (!Cursor.TryDecode(cursor, out var key)) return false;
        if (key is null) return true;
        if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
        after = value;
        return true;
    }
}
