namespace Tactics.Api.Tests.Policy.Reach;

/// <summary>A demo agency as DESIGN.md describes it ("Demo agencies"), written here independently of the seed.</summary>
public sealed record DemoAgency(string Code, string Kind, string? Zone, string District)
{
    public bool IsZoneAgency => Kind is "police" or "sapv";
    public bool HasTerritory => Partnership.Mission(Kind).Count > 0;
}

/// <summary>The demo partnership and the sharing table of DESIGN.md, as the reach-invariance test models them.</summary>
public static class Partnership
{
    public static readonly string[] Categories =
        ["core", "identity", "contact", "facts", "children", "risk", "judicial", "measures", "social", "health", "internal_notes"];

    /// <summary>A pseudo-category of the snapshot: the victim's address fields are in the answer (a confidential address protects only those).</summary>
    public const string Address = "contact.address";

    /// <summary>A pseudo-category: <c>core</c> served on the own-entries basis alone, which DESIGN.md answers with a 404.</summary>
    public const string CoreByOwnEntries = "core(own entries only)";

    public static readonly DemoAgency[] All =
    [
        new("police-5344", "police", "5344", "bruxelles"),
        new("police-5339", "police", "5339", "bruxelles"),
        new("police-5345", "police", "5345", "antwerpen"),
        new("parquet-bruxelles", "parquet", null, "bruxelles"),
        new("parquet-antwerpen", "parquet", null, "antwerpen"),
        new("sapv-5344", "sapv", "5344", "bruxelles"),
        new("sapv-5339", "sapv", "5339", "bruxelles"),
        new("sapv-5345", "sapv", "5345", "antwerpen"),
        new("cpas-saint-josse", "cpas", null, "bruxelles"),
        new("health-cpvs-bruxelles", "health", null, "bruxelles"),
        new("victim-support-refuge-bruxelles", "victim_support", null, "bruxelles"),
        new("perpetrator-support-praxis", "perpetrator_support", null, "bruxelles"),
        new("justice-house-bruxelles", "justice_house", null, "bruxelles"),
        new("coordination-olista", "coordination", null, "bruxelles"),
    ];

    public static DemoAgency Agency(string code) => All.Single(a => a.Code == code);

    public static readonly Dictionary<string, string> ZoneDistrict = new() { ["5344"] = "bruxelles", ["5339"] = "bruxelles", ["5345"] = "antwerpen" };

    private static readonly Dictionary<string, string[]> ZonePostcodes = new()
    {
        ["5344"] = ["1030", "1210", "1140"],
        ["5339"] = ["1000", "1020", "1050", "1120", "1130"],
        ["5345"] = ["2000", "2018", "2020", "2030", "2040", "2050", "2060", "2100", "2140", "2170", "2180", "2600", "2610", "2660"],
    };

    public static string? ZoneOf(string? postcode) =>
        postcode is null ? null : ZonePostcodes.FirstOrDefault(z => z.Value.Contains(postcode)).Key;

    private static readonly string[] CriminalChain = ["core", "identity", "contact", "facts", "children", "risk", "judicial", "measures"];

    /// <summary>DESIGN.md, "Default legal-mission reach per agency kind".</summary>
    public static IReadOnlySet<string> Mission(string kind) => kind switch
    {
        "police" or "parquet" or "sapv" => CriminalChain.ToHashSet(),
        "justice_house" => new HashSet<string> { "core", "identity", "judicial", "measures" },
        "coordination" => new HashSet<string> { "core" },
        _ => new HashSet<string>(),
    };

    /// <summary>The zones whose cases the agency's legal mission reaches: its own (police, SAPV), its district's (the others with a mission).</summary>
    public static IReadOnlySet<string> Zones(DemoAgency agency) =>
        !agency.HasTerritory ? new HashSet<string>()
        : agency.IsZoneAgency ? new HashSet<string> { agency.Zone! }
        : ZoneDistrict.Where(z => z.Value == agency.District).Select(z => z.Key).ToHashSet();

    /// <summary>The agencies a zone's territory goes to: its police and SAPV, and the mission agencies of its district.</summary>
    public static IEnumerable<DemoAgency> TerritoryOf(string zone) => All.Where(a => Zones(a).Contains(zone));

    /// <summary>The police zone serving the postcode (the victim-zone police of the hard rule and of act 8).</summary>
    public static DemoAgency? PoliceOf(string? postcode) => ZoneOf(postcode) is { } zone ? All.Single(a => a.Kind == "police" && a.Zone == zone) : null;

    public static DemoAgency? SapvOf(string? postcode) => ZoneOf(postcode) is { } zone ? All.Single(a => a.Kind == "sapv" && a.Zone == zone) : null;

    /// <summary>The categories a gain through legal mission may bring the agency: its mission, with the hard rules applied.</summary>
    public static IEnumerable<string> MissionGains(DemoAgency agency) =>
        Mission(agency.Kind).Concat(Mission(agency.Kind).Contains("contact") ? [Address] : []);
}
