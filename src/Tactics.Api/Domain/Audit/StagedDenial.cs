namespace Tactics.Api.Domain.Audit;

/// <summary>
/// A denied access waiting in the outbox for its access-log entry (DESIGN.md, the access-log row of "Side records are case
/// data too": denials are logged after the response, through the outbox, and only for cases that exist). Staged for any id,
/// existing or not, so staging costs the same for both; the writer drops those whose case does not exist. No case data.
/// </summary>
public sealed class StagedDenial
{
    private StagedDenial() { }

    public StagedDenial(Guid caseId, string action, string operation, string userId, string agencyCode, string agencyKind, string requestId, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7(at);
        CaseId = caseId;
        Action = action;
        Operation = operation;
        UserId = userId;
        AgencyCode = agencyCode;
        AgencyKind = agencyKind;
        RequestId = requestId;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public string Action { get; private set; } = "";
    public string Operation { get; private set; } = "";
    public string UserId { get; private set; } = "";
    public string AgencyCode { get; private set; } = "";
    public string AgencyKind { get; private set; } = "";
    public string RequestId { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
}
