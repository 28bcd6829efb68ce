using System.Globalization;
using System.Text;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Board.ListBoard;

/// <summary>The caller's board: a page of it, or every row as CSV (<paramref name="AsCsv"/>).</summary>
public sealed record ListBoardQuery(string? Status, string? Zone, int? Limit, string? Cursor, bool AsCsv = false) : IQuery<BoardAnswer>;

/// <summary>A page of the board, or the whole of it as CSV.</summary>
public sealed record BoardAnswer(CursorPage<BoardItemResponse>? Page, string? Csv);

public sealed class ListBoardValidator : AbstractValidator<ListBoardQuery>
{
    public ListBoardValidator()
    {
        RuleFor(q => q.Status).Must(status => EnumNames.TryParse<BoardStatus>(status, out _))
            .WithMessage("Must be one of: " + string.Join(", ", EnumNames.All<BoardStatus>()) + ".").When(q => q.Status is not null);
        RuleFor(q => q.Zone).Matches("^[0-9]{4}$").WithMessage("Must be a police zone number, e.g. 5344.").When(q => q.Zone is not null);
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor().Must(cursor => BoardReader.Key.TryParse(cursor, out _)).WithMessage("Must be the nextCursor of a previous page.");
        RuleFor(q => q.Cursor).Null().WithMessage("The CSV is not paged: drop the cursor.").When(q => q.AsCsv);
    }
}

/// <summary>
/// The board of the caller's agency (parquet or police; 403 for any other kind), in the board's order. As CSV, the same rows
/// unpaged up to <c>Board:CsvMaxRows</c>; beyond, a 400 asks for a narrower filter.
/// </summary>
public sealed class ListBoardHandler(BoardReader board, ICaseAccess access, IOptionsMonitor<BoardOptions> options) : IQueryHandler<ListBoardQuery, BoardAnswer>
{
    public const string Operation = "ListBoard";

    public async ValueTask<BoardAnswer> Handle(ListBoardQuery query, CancellationToken cancellationToken)
    {
        var scope = await board.ScopeAsync(cancellationToken);
        var status = EnumNames.TryParse<BoardStatus>(query.Status, out var asked) ? asked : BoardStatus.Open;
        if (query.AsCsv)
        {
            var max = options.CurrentValue.CsvMaxRows;
            var all = await board.RowsAsync(scope, status, query.Zone, null, null, max + 1, access.Now, cancellationToken);
            if (all.Count > max)
            {
                throw new BadRequestException(ProblemTypes.NarrowerFilterRequired,
                    $"The board holds more than {max} rows for this filter: narrow it (status=overdue, zone=) or read it in pages as JSON.");
            }
            return new BoardAnswer(null, ToCsv(await board.RenderAsync(all, Operation, cancellationToken)));
        }

        var limit = query.Limit ?? Cursor.DefaultLimit;
        BoardReader.Key.TryParse(query.Cursor, out var after);
        var rows = await board.RowsAsync(scope, status, query.Zone, null, after, limit + 1, access.Now, cancellationToken);
        var page = Cursor.Page(rows, limit, r => r.OrderKey.Encode());
        return new BoardAnswer(new CursorPage<BoardItemResponse>(await board.RenderAsync(page.Items, Operation, cancellationToken), page.NextCursor), null);
    }

    private static readonly string[] Columns =
        ["id", "kind", "caseId", "incidentId", "disclosureId", "householdId", "policeZone", "receivedAt", "dueAt", "overdue", "assignedTo", "flags", "decisionId"];

    /// <summary>The rows as RFC 4180 CSV, one header line, the JSON field names as columns (flags joined with ';').</summary>
    public static string ToCsv(IEnumerable<BoardItemResponse> items)
    {
        var csv = new StringBuilder().Append(string.Join(',', Columns)).Append("\r\n");
        foreach (var item in items)
        {
            string[] cells =
            [
                item.Id.ToString(), EnumNames.Name(item.Kind), item.CaseId?.ToString() ?? "", item.IncidentId?.ToString() ?? "",
                item.DisclosureId?.ToString() ?? "", item.HouseholdId?.ToString() ?? "", item.PoliceZone ?? "", Time(item.ReceivedAt), Time(item.DueAt),
                item.Overdue ? "true" : "false", item.AssignedTo ?? "", string.Join(';', item.Flags), item.DecisionId?.ToString() ?? "",
            ];
            csv.Append(string.Join(',', cells.Select(Escape))).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFZ", CultureInfo.InvariantCulture);

    // A user id is free-form: quote what CSV (or a spreadsheet reading it as a formula) would misread.
    private static string Escape(string cell) =>
        cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 || (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@')
            ? "\"" + (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' ? "'" : "") + cell.Replace("\"", "\"\"") + "\""
            : cell;
}
