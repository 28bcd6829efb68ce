namespace Tactics.Api.Sharing.Ledger;

/// <summary>An article 458ter case consultation: named participant agencies, a purpose, an end date.</summary>
public sealed class CaseConsultation
{
    private CaseConsultation() { }

    public CaseConsultation(Guid caseId, IEnumerable<string> participants, string purpose, DateTimeOffset until, string openedByAgency, string openedByUser, DateTimeOffset openedAt)
    {
        Id = Guid.CreateVersion7(openedAt);
        CaseId = caseId;
        Participants = [.. participants.Distinct().Order(StringComparer.Ordinal)];
        Purpose = purpose;
        Until = until;
        OpenedByAgency = openedByAgency;
        OpenedByUser = openedByUser;
        OpenedAt = openedAt;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public List<string> Participants { get; private set; } = [];
    public string Purpose { get; private set; } = "";
    public DateTimeOffset Until { get; private set; }
    public string OpenedByAgency { get; private set; } = "";
    public string OpenedByUser { get; private set; } = "";
    public DateTimeOffset OpenedAt { get; private set; }
}
