namespace Tactics.Api.Domain.CaseSharing;

/// <summary>An agency that follows a case, and on which basis it could when it started.</summary>
public sealed class CaseFollower
{
    private CaseFollower() { }

    public CaseFollower(Guid caseId, string agencyCode, string followedByUser, DateTimeOffset since)
    {
        CaseId = caseId;
        AgencyCode = agencyCode;
        FollowedByUser = followedByUser;
        Since = since;
    }

    public Guid CaseId { get; private set; }
    public string AgencyCode { get; private set; } = "";
    public string FollowedByUser { get; private set; } = "";
    public DateTimeOffset Since { get; private set; }
}

/// <summary>An agency's own entry on a case, in one category; the category decides who else may ever read it.</summary>
public sealed class AgencyRecord
{
    private AgencyRecord() { }

    public AgencyRecord(Guid caseId, Tactics.Api.Sharing.DataCategory category, string text, string authorAgency, string authorUser, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7(at);
        CaseId = caseId;
        Category = category;
        Text = text;
        AuthorAgency = authorAgency;
        AuthorUser = authorUser;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public Tactics.Api.Sharing.DataCategory Category { get; private set; }
    public string Text { get; private set; } = "";
    public string AuthorAgency { get; private set; } = "";
    public string AuthorUser { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
}

/// <summary>
/// An article 458bis disclosure: a professional under secrecy informs the competent parquet of serious,
/// imminent danger. Readable by that parquet alone; it gives the discloser no access to the case.
/// </summary>
public sealed class Disclosure
{
    private Disclosure() { }

    public Disclosure(Guid caseId, string parquetAgency, string reason, string text, string discloserAgency, string discloserUser, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7(at);
        CaseId = caseId;
        ParquetAgency = parquetAgency;
        Reason = reason;
        Text = text;
        DiscloserAgency = discloserAgency;
        DiscloserUser = discloserUser;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public string ParquetAgency { get; private set; } = "";
    public string Reason { get; private set; } = "";
    public string Text { get; private set; } = "";
    public string DiscloserAgency { get; private set; } = "";
    public string DiscloserUser { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
}
