namespace Tactics.Api.Domain.Agencies;

/// <summary>A partner agency of the partnership, identified by a stable code such as <c>police-5344</c>.</summary>
public sealed class Agency
{
    private Agency() { }

    public Agency(
        string code,
        string name,
        AgencyKind kind,
        string judicialDistrict,
        string? policeZone,
        IEnumerable<string> communes,
        IEnumerable<string> postcodes,
        ReferentContact referent,
        string hours)
    {
        Code = code;
        Name = name;
        Kind = kind;
        JudicialDistrict = judicialDistrict;
        PoliceZone = policeZone;
        Communes = [.. communes];
        Postcodes = [.. postcodes];
        Referent = referent;
        Hours = hours;
    }

    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public AgencyKind Kind { get; private set; }

    /// <summary>The judicial district (arrondissement judiciaire) the agency belongs to, e.g. <c>bruxelles</c>.</summary>
    public string JudicialDistrict { get; private set; } = "";

    /// <summary>The police zone number (<c>5344</c>) for police zones and their SAPV; null otherwise.</summary>
    public string? PoliceZone { get; private set; }

    public List<string> Communes { get; private set; } = [];
    public List<string> Postcodes { get; private set; } = [];
    public ReferentContact Referent { get; private set; } = new("", "", "");
    public string Hours { get; private set; } = "";

    public bool Serves(string postcode) => Postcodes.Contains(postcode);

    /// <summary>The agency's admin keeps its functional contact and hours current (<c>PATCH /agencies/{code}</c>).</summary>
    public void EditContact(ReferentContact referent, string hours)
    {
        Referent = referent;
        Hours = hours;
    }
}

/// <summary>The agency's functional contact for partners: a role and its work mailbox and line, never a private contact.</summary>
public sealed record ReferentContact(string Function, string Email, string Phone);
