namespace Tactics.Api.Features.Cases;

/// <summary>The addresses of case resources, for <c>Location</c> headers.</summary>
public static class CaseRoutes
{
    public static string Case(Guid caseId) => $"/api/v1/cases/{caseId}";
    public static string Incident(Guid caseId, Guid incidentId) => $"/api/v1/cases/{caseId}/incidents/{incidentId}";
    public static string RiskAssessment(Guid caseId, Guid assessmentId) => $"/api/v1/cases/{caseId}/risk-assessments/{assessmentId}";
    public static string Follower(Guid caseId, string agencyCode) => $"/api/v1/cases/{caseId}/followers/{Uri.EscapeDataString(agencyCode)}";
    public static string Consultation(Guid caseId, Guid consultationId) => $"/api/v1/cases/{caseId}/consultations/{consultationId}";
    public static string CustodyEvent(Guid caseId, Guid custodyEventId) => $"/api/v1/cases/{caseId}/custody-events/{custodyEventId}";
    public static string Measure(Guid caseId, Guid measureId) => $"/api/v1/cases/{caseId}/measures/{measureId}";
    public static string ComplianceReport(Guid caseId, Guid measureId, Guid reportId) =>
        $"/api/v1/cases/{caseId}/measures/{measureId}/compliance-reports/{reportId}";
    public static string Decision(Guid caseId, Guid decisionId) => $"/api/v1/cases/{caseId}/decisions/{decisionId}";
    public static string Task(Guid taskId) => $"/api/v1/tasks/{taskId}";
}
