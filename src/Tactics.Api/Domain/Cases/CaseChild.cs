namespace Tactics.Api.Domain.Cases;

/// <summary>A minor of the household: no name, only the birth year and whether present at the incidents.</summary>
public sealed record CaseChild(int BirthYear, bool PresentAtIncidents);
