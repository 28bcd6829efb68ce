using Microsoft.Extensions.Options;
using Tactics.Api.Domain.Board;
using Tactics.Api.Domain.CaseSharing;
using Tactics.Api.Domain.Incidents;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Board;

/// <summary>Puts what awaits a parquet decision on the board, in the transaction that records it, due after the configured days.</summary>
public sealed class BoardIntake(TacticsDbContext db, IOptionsMonitor<BoardOptions> options)
{
    /// <summary>A family-dispute or complaint PV; a sensitive-matter record is no PV and stays off the board.</summary>
    public void Incident(Incident incident)
    {
        var kind = incident.Kind == IncidentKind.Complaint ? BoardItemKind.Complaint : BoardItemKind.FamilyDisputeReport;
        if (BoardItem.ForIncident(incident, options.CurrentValue.DecideWithin(kind)) is { } item) db.BoardItems.Add(item);
    }

    /// <summary>A 458bis disclosure, on the addressed parquet's board alone.</summary>
    public void Disclosure(Disclosure disclosure) =>
        db.BoardItems.Add(BoardItem.ForDisclosure(disclosure, options.CurrentValue.DecideWithin(BoardItemKind.Disclosure)));
}
