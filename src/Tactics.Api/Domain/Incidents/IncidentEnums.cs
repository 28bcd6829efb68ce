namespace Tactics.Api.Domain.Incidents;

/// <summary>What the police recorded: a family-dispute report, a complaint (both PVs), or a sensitive-matter record (no PV).</summary>
public enum IncidentKind
{
    FamilyDisputeReport,
    Complaint,
    SensitiveMatterRecord,
}

/// <summary>The immediate measure taken at the scene.</summary>
public enum ImmediateMeasureKind
{
    None,
    VoluntaryDeparture,
    Shelter,
    Itr,
    Arrest,
    Other,
}

/// <summary>Where the victim (or the author) was oriented.</summary>
public enum Orientation
{
    Eva,
    Sapv,
    Cpvs,
    Cpas,
    Shelter,
    LegalAid,
    PerpetratorProgramme,
    Other,
}

/// <summary>Whether the injured-party declaration (déclaration de personne lésée) was filed with a complaint.</summary>
public enum InjuredPartyDeclaration
{
    FiledAndExplained,
    Filed,
    Declined,
}

/// <summary>Who accompanied the victim when the complaint was filed.</summary>
public enum Accompaniment
{
    Eva,
    Sapv,
    Association,
    Lawyer,
    None,
}

/// <summary>The roadmap's classification of an incident: intra-family violence (VIF) or partner violence (VC).</summary>
public enum ViolenceType
{
    /// <summary>Violence within the family (VIF: violences intrafamiliales).</summary>
    Intrafamily,

    /// <summary>Violence between partners or former partners (VC: violences conjugales).</summary>
    Partner,
}
