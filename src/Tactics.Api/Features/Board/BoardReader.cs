using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Board;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Board;

/// <summary>Which items a board shows: those awaiting a decision, those of them overdue, or those decided.</summary>
public enum BoardStatus
{
    Open,
    Overdue,
    Decided,
}

/// <summary>A flag an item raises for its reader.</summary>
public static class BoardFlags
{
    /// <summary>A complaint PV on a case that no one has assessed the risk of.</summary>
    public const string ComplaintWithoutRiskAssessment = "complaint_without_risk_assessment";

    /// <summary>How many flags there are, and the longest name's length: the bounds of an item's <c>flags</c>.</summary>
    public const int Count = 1, MaxLength = 64;
}

/// <summary>One line of the board.</summary>
/// <param name="Id">The board item id.</param>
/// <param name="Kind">family_dispute_report, complaint or disclosure.</param>
/// <param name="CaseId">The case; absent when the reader does not see it.</param>
/// <param name="IncidentId">The PV; absent for a disclosure, and when the reader does not see the case.</param>
/// <param name="DisclosureId">The 458bis disclosure; on the addressed parquet's board only.</param>
/// <param name="HouseholdId">The case's household, for a reader who sees the household link.</param>
/// <param name="PoliceZone">The PV's police zone number; absent for a disclosure.</param>
/// <param name="ReceivedAt">When the PV was recorded or the disclosure made (UTC).</param>
/// <param name="DueAt">When the decision is due (UTC).</param>
/// <param name="Overdue">Undecided past its due date (a decided item: decided after it).</param>
/// <param name="AssignedTo">The user id of the legal referent who reads it; absent until assigned.</param>
/// <param name="Flags">What calls for attention: complaint_without_risk_assessment (for a reader who sees risk).</param>
/// <param name="DecisionId">The decision that cleared it (status decided).</param>
public sealed record BoardItemResponse(
    Guid Id,
    BoardItemKind Kind,
    [property: Category(DataCategory.Core)] Guid? CaseId,
    [property: Category(DataCategory.Core)] Guid? IncidentId,
    [property: Category(DataCategory.Core)] Guid? DisclosureId,
    [property: HouseholdLink] Guid? HouseholdId,
    [property: MaxLength(16)] string? PoliceZone,
    DateTimeOffset ReceivedAt,
    DateTimeOffset DueAt,
    bool Overdue,
    [property: MaxLength(BoardItem.MaxUserIdLength)] string? AssignedTo,
    [property: Category(DataCategory.Risk), BoundedItems(BoardFlags.Count, BoardFlags.MaxLength)] IReadOnlyList<string> Flags,
    [property: Category(DataCategory.Judicial)] Guid? DecisionId);

/// <summary>
/// Reads a caller's board in its order: overdue items first; then by household, the household's earliest due date first, so
/// the incidents of one couple read together; then by due date and id. Only an item whose case its readers reach by legal
/// mission (a PV that gave its zone territory, a disclosure) is grouped by household; any other item stands alone, so the
/// order tells no one of a link it may not see. Paged by a sealed keyset cursor over that order.
/// </summary>
public sealed class BoardReader(TacticsDbContext db, ICaseAccess access)
{
    /// <summary>The board's order key of one row: section (0 overdue, 1 not), household's due date and key, due date, id.</summary>
    public sealed record Key(int Section, DateTimeOffset GroupDueAt, Guid GroupKey, DateTimeOffset DueAt, Guid Id)
    {
        public string Encode() => string.Join('_', Section.ToString(CultureInfo.InvariantCulture), Micros(GroupDueAt), GroupKey.ToString("N"), Micros(DueAt), Id.ToString("N"));

        public static bool TryParse(string? cursor, out Key? key)
        {
            key = null;
            if (!Cursor.TryDecode(cursor, out var text)) return false;
            if (text is null) return true;
            var parts = text.Split('_');
            if (parts.Length != 5 || parts[0] is not ("0" or "1")
                || !TryMicros(parts[1], out var groupDue) || !Guid.TryParseExact(parts[2], "N", out var group)
                || !TryMicros(parts[3], out var due) || !Guid.TryParseExact(parts[4], "N", out var id))
            {
                return false;
            }
            key = new Key(parts[0] == "0" ? 0 : 1, groupDue, group, due, id);
            return true;
        }

        private static string Micros(DateTimeOffset at) =>
            ((at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond).ToString(CultureInfo.InvariantCulture);

        private static bool TryMicros(string text, out DateTimeOffset at)
        {
            at = default;
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var micros) || micros > 253_402_300_799_999_999L) return false;
            at = DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond);
            return true;
        }
    }

    /// <summary>A row as the board query returns it.</summary>
    public sealed class Row
    {
        public Guid Id { get; init; }
        public Guid CaseId { get; init; }
        public string Kind { get; init; } = "";
        public Guid? IncidentId { get; init; }
        public Guid? DisclosureId { get; init; }
        public string? PoliceZone { get; init; }
        public DateTimeOffset ReceivedAt { get; init; }
        public DateTimeOffset DueAt { get; init; }
        public string? AssignedTo { get; init; }
        public Guid? DecisionId { get; init; }
        public Guid HouseholdId { get; init; }
        public bool WithoutRiskAssessment { get; init; }
        public int Section { get; init; }
        public Guid GroupKey { get; init; }
        public DateTimeOffset GroupDueAt { get; init; }

        public Key OrderKey => new(Section, GroupDueAt, GroupKey, DueAt, Id);
    }

    /// <summary>The caller's board, or 403 for a kind that reads none.</summary>
    public async Task<BoardScope> ScopeAsync(CancellationToken cancellationToken)
    {
        var caller = access.Caller;
        if (!BoardPolicy.MayReadBoard(caller))
        {
            throw new ForbiddenException(ProblemTypes.AgencyKindNotAllowed, "Only the parquet and police zones read the board.");
        }
        var agency = await db.Agencies.AsNoTracking().Where(a => a.Code == caller.AgencyCode)
            .Select(a => new { a.PoliceZone, a.JudicialDistrict }).SingleAsync(cancellationToken);
        return BoardPolicy.ScopeOf(caller, agency.PoliceZone, agency.JudicialDistrict)
            ?? throw new ForbiddenException(ProblemTypes.AgencyKindNotAllowed, "The caller's agency has no board.");
    }

    /// <summary>
    /// The rows of a board in its order, after <paramref name="after"/>, at most <paramref name="take"/>: those of
    /// <paramref name="status"/> (null: any status, for finding one item), of one zone when <paramref name="zone"/> is given,
    /// or the one item <paramref name="itemId"/>. Overdue is decided at <paramref name="now"/>.
    /// </summary>
    public async Task<List<Row>> RowsAsync(BoardScope scope, BoardStatus? status, string? zone, Guid? itemId, Key? after, int take,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            WITH scoped AS (
              SELECT b.id AS "Id", b.case_id AS "CaseId", b.kind AS "Kind", b.incident_id AS "IncidentId", b.disclosure_id AS "DisclosureId",
                     b.police_zone AS "PoliceZone", b.received_at AS "ReceivedAt", b.due_at AS "DueAt", b.assigned_to AS "AssignedTo",
                     b.decision_id AS "DecisionId", c.household_id AS "HouseholdId",
                     (b.kind = 'complaint' AND NOT EXISTS (SELECT 1 FROM risk_assessments r WHERE r.case_id = b.case_id)) AS "WithoutRiskAssessment",
                     CASE WHEN (b.decided_at IS NULL AND b.due_at <= @now) OR b.decided_at > b.due_at THEN 0 ELSE 1 END AS "Section",
                     CASE WHEN b.kind = 'disclosure' OR i.gives_territory THEN c.household_id ELSE b.id END AS "GroupKey"
              FROM board_items b
              JOIN cases c ON c.id = b.case_id
              LEFT JOIN incidents i ON i.id = b.incident_id
              WHERE ((b.kind <> 'disclosure' AND b.police_zone = @ownZone)
                  OR (b.kind <> 'disclosure' AND b.police_zone IN (
                        SELECT a.police_zone FROM agencies a WHERE a.kind = 'police' AND a.judicial_district = @district AND a.police_zone IS NOT NULL))
                  OR (b.kind = 'disclosure' AND b.parquet_agency = @parquet))
                AND (@zone IS NULL OR b.police_zone = @zone)
                AND (@item IS NULL OR b.id = @item)
                AND (@status IS NULL
                  OR (@status = 'open' AND b.decided_at IS NULL)
                  OR (@status = 'overdue' AND b.decided_at IS NULL AND b.due_at <= @now)
                  OR (@status = 'decided' AND b.decision_id IS NOT NULL))
            ), grouped AS (
              SELECT s.*, MIN(s."DueAt") OVER (PARTITION BY s."Section", s."GroupKey") AS "GroupDueAt" FROM scoped s
            )
            SELECT * FROM grouped g
            WHERE @afterSection IS NULL
               OR (g."Section", g."GroupDueAt", g."GroupKey", g."DueAt", g."Id") > (@afterSection, @afterGroupDue, @afterGroupKey, @afterDue, @afterId)
            ORDER BY g."Section", g."GroupDueAt", g."GroupKey", g."DueAt", g."Id"
            LIMIT @take
            """;
        NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
        NpgsqlParameter Uuid(string name, Guid? value) => new(name, NpgsqlDbType.Uuid) { Value = (object?)value ?? DBNull.Value };
        NpgsqlParameter Time(string name, DateTimeOffset? value) => new(name, NpgsqlDbType.TimestampTz) { Value = (object?)value?.UtcDateTime ?? DBNull.Value };
        return await db.Database.SqlQueryRaw<Row>(sql,
                Time("now", now),
                Text("ownZone", scope.PoliceZone),
                Text("district", scope.JudicialDistrict),
                Text("parquet", scope.DisclosuresOf),
                Text("zone", zone),
                Uuid("item", itemId),
                Text("status", status is { } s ? EnumNames.Name(s) : null),
                new NpgsqlParameter("afterSection", NpgsqlDbType.Integer) { Value = (object?)after?.Section ?? DBNull.Value },
                Time("afterGroupDue", after?.GroupDueAt),
                Uuid("afterGroupKey", after?.GroupKey),
                Time("afterDue", after?.DueAt),
                Uuid("afterId", after?.Id),
                new NpgsqlParameter("take", NpgsqlDbType.Integer) { Value = take })
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The rows as their reader may see them: the board's own fields, and the case data of each item as the policy decides for
    /// the reader's visibility of its case (decided for the page in a few queries, one access-log entry per case shown).
    /// </summary>
    public async Task<List<BoardItemResponse>> RenderAsync(IReadOnlyList<Row> rows, string operation, CancellationToken cancellationToken)
    {
        var visibilities = rows.Count == 0
            ? new Dictionary<Guid, CaseVisibility>()
            : await access.VisibilitiesAsync([.. rows.Select(r => r.CaseId).Distinct()], operation, cancellationToken);
        return [.. rows.Select(row => Render(row, BoardPolicy.FieldsFor(visibilities.GetValueOrDefault(row.CaseId))))];
    }

    private static BoardItemResponse Render(Row row, BoardItemFields fields)
    {
        EnumNames.TryParse<BoardItemKind>(row.Kind, out var kind);
        return new BoardItemResponse(row.Id, kind,
            fields.Case ? row.CaseId : null,
            fields.Case ? row.IncidentId : null,
            fields.Case ? row.DisclosureId : null,
            fields.Household ? row.HouseholdId : null,
            row.PoliceZone, row.ReceivedAt, row.DueAt, row.Section == 0, row.AssignedTo,
            fields.RiskFlag && row.WithoutRiskAssessment ? [BoardFlags.ComplaintWithoutRiskAssessment] : [],
            fields.Decision ? row.DecisionId : null);
    }
}
