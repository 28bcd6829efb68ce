namespace Tactics.Api.Domain.Cases;

/// <summary>A case is open until closed with a reason; a closed case can be reopened.</summary>
public enum CaseStatus
{
    Open,
    Closed,
}

/// <summary>Risk levels, in increasing order of danger (the order is used to compare them).</summary>
public enum RiskLevel
{
    Low,
    Medium,
    High,
    Critical,
}
