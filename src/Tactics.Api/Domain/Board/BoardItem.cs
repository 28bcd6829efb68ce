using Tactics.Api.Domain.CaseSharing;
using Tactics.Api.Domain.Incidents;

namespace Tactics.Api.Domain.Board;

/// <summary>What awaits a parquet decision: a family-dispute or complaint PV, or a 458bis disclosure.</summary>
public enum BoardItemKind
{
    FamilyDisputeReport,
    Complaint,
    Disclosure,
}

/// <summary>
/// One line of the parquet–police board: a PV (never a sensitive-matter record) or a 458bis disclosure awaiting the parquet's
/// decision, written when it is recorded. It says who reads it (a legal referent's user id), when a decision is due, and
/// which decision cleared it. PVs recorded before the board existed were written as decided, without a decision.
/// </summary>
public sealed class BoardItem
{
    public const int MaxUserIdLength = 100;

    private BoardItem() { }

    private BoardItem(Guid caseId, BoardItemKind kind, Guid? incidentId, Guid? disclosureId, string? policeZone, string? parquetAgency,
        DateTimeOffset receivedAt, DateTimeOffset dueAt)
    {
        Id = Guid.CreateVersion7(receivedAt);
        CaseId = caseId;
        Kind = kind;
        IncidentId = incidentId;
        DisclosureId = disclosureId;
        PoliceZone = policeZone;
        ParquetAgency = parquetAgency;
        ReceivedAt = receivedAt;
        DueAt = dueAt;
    }

    /// <summary>The board item of a PV, or null for what the board does not list (a sensitive-matter record is no PV).</summary>
    public static BoardItem? ForIncident(Incident incident, TimeSpan decideWithin) => incident.Kind switch
    {
        IncidentKind.FamilyDisputeReport or IncidentKind.Complaint => new BoardItem(incident.CaseId,
            incident.Kind == IncidentKind.Complaint ? BoardItemKind.Complaint : BoardItemKind.FamilyDisputeReport,
            incident.Id, null, incident.PoliceZone, null, incident.RecordedAt, incident.RecordedAt + decideWithin),
        _ => null,
    };

    /// <summary>The board item of a 458bis disclosure: on the addressed parquet's board alone.</summary>
    public static BoardItem ForDisclosure(Disclosure disclosure, TimeSpan decideWithin) =>
        new(disclosure.CaseId, BoardItemKind.Disclosure, null, disclosure.Id, null, disclosure.ParquetAgency, disclosure.At, disclosure.At + decideWithin);

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public BoardItemKind Kind { get; private set; }

    /// <summary>The PV; null for a disclosure.</summary>
    public Guid? IncidentId { get; private set; }

    /// <summary>The disclosure; null for a PV.</summary>
    public Guid? DisclosureId { get; private set; }

    /// <summary>The PV's police zone number; null for a disclosure.</summary>
    public string? PoliceZone { get; private set; }

    /// <summary>The addressed parquet of a disclosure; null for a PV (the parquets of the zone's district read it).</summary>
    public string? ParquetAgency { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }
    public DateTimeOffset DueAt { get; private set; }

    /// <summary>The user id of the legal referent who reads it; null until assigned.</summary>
    public string? AssignedTo { get; private set; }
    public DateTimeOffset? AssignedAt { get; private set; }
    public string? AssignedBy { get; private set; }

    /// <summary>The decision that cleared it; null while it awaits one (and for PVs that predate the board).</summary>
    public Guid? DecisionId { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>When <c>decision.overdue</c> was raised: once per item.</summary>
    public DateTimeOffset? OverdueAnnouncedAt { get; private set; }

    public bool IsDecided => DecidedAt is not null;

    /// <summary>Gives the item to a legal referent, or to another one.</summary>
    public void AssignTo(string userId, string byUser, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        AssignedTo = userId;
        AssignedBy = byUser;
        AssignedAt = now;
    }

    /// <summary>A decision clears the item from the board.</summary>
    public void Decide(Guid decisionId, DateTimeOffset now)
    {
        if (IsDecided) throw new DomainRuleException(DomainRule.AlreadyDecided, "This PV or disclosure already has its decision.");
        DecisionId = decisionId;
        DecidedAt = now;
    }

    public void AnnounceOverdue(DateTimeOffset now)
    {
        if (OverdueAnnouncedAt is not null) throw new InvalidOperationException("An overdue item is announced once.");
        OverdueAnnouncedAt = now;
    }
}
