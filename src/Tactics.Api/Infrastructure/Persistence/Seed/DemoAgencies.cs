using Microsoft.EntityFrameworkCore;
using Tactics.Api.Domain.Agencies;

namespace Tactics.Api.Infrastructure.Persistence.Seed;

/// <summary>The demo partnership of DESIGN.md, with stable codes; seeded on the local run and in tests.</summary>
public static class DemoAgencies
{
    private static readonly string[] ZoneNordCommunes = ["Schaerbeek", "Saint-Josse-ten-Noode", "Evere"];
    private static readonly string[] ZoneNordPostcodes = ["1030", "1210", "1140"];
    private static readonly string[] ZoneIxellesCommunes = ["Bruxelles", "Ixelles"];
    private static readonly string[] ZoneIxellesPostcodes = ["1000", "1020", "1050", "1120", "1130"];
    private static readonly string[] AntwerpCommunes = ["Antwerpen"];
    private static readonly string[] AntwerpPostcodes =
        ["2000", "2018", "2020", "2030", "2040", "2050", "2060", "2100", "2140", "2170", "2180", "2600", "2610", "2660"];
    private static readonly string[] BrusselsCommunes = [.. ZoneNordCommunes, .. ZoneIxellesCommunes];
    private static readonly string[] BrusselsPostcodes = [.. ZoneNordPostcodes, .. ZoneIxellesPostcodes];

    private const string OfficeHours = "Mon-Fri 08:30-17:00";
    private const string AroundTheClock = "24/7";

    public static IReadOnlyList<Agency> All { get; } =
    [
        Police("police-5344", "Zone de police Bruxelles-Nord", "5344", ZoneNordCommunes, ZoneNordPostcodes),
        Police("police-5339", "Zone de police Bruxelles-Capitale/Ixelles", "5339", ZoneIxellesCommunes, ZoneIxellesPostcodes),
        Police("police-5345", "Politiezone Antwerpen", "5345", AntwerpCommunes, AntwerpPostcodes, district: "antwerpen"),
        new("parquet-bruxelles", "Parquet de Bruxelles", AgencyKind.Parquet, "bruxelles", null, BrusselsCommunes, BrusselsPostcodes,
            Referent("Juriste référent·e VIF", "parquet-bruxelles"), OfficeHours),
        new("parquet-antwerpen", "Parket Antwerpen", AgencyKind.Parquet, "antwerpen", null, AntwerpCommunes, AntwerpPostcodes,
            Referent("Referentiemagistraat IFG", "parquet-antwerpen"), OfficeHours),
        Sapv("sapv-5344", "SAPV Bruxelles-Nord", "5344", ZoneNordCommunes, ZoneNordPostcodes),
        Sapv("sapv-5339", "SAPV Bruxelles-Capitale/Ixelles", "5339", ZoneIxellesCommunes, ZoneIxellesPostcodes),
        Sapv("sapv-5345", "Politionele Slachtofferbejegening Antwerpen", "5345", AntwerpCommunes, AntwerpPostcodes, district: "antwerpen"),
        new("cpas-saint-josse", "CPAS de Saint-Josse-ten-Noode", AgencyKind.Cpas, "bruxelles", null, ["Saint-Josse-ten-Noode"], ["1210"],
            Referent("Travailleur·euse social·e référent·e VIF", "cpas-saint-josse"), OfficeHours),
        new("health-cpvs-bruxelles", "CPVS Bruxelles", AgencyKind.Health, "bruxelles", null, BrusselsCommunes, BrusselsPostcodes,
            Referent("Coordination CPVS", "health-cpvs-bruxelles"), AroundTheClock),
        new("victim-support-refuge-bruxelles", "Refuge Bruxelles", AgencyKind.VictimSupport, "bruxelles", null, BrusselsCommunes, BrusselsPostcodes,
            Referent("Permanence d'accueil", "victim-support-refuge-bruxelles"), AroundTheClock),
        new("perpetrator-support-praxis", "Praxis Bruxelles", AgencyKind.PerpetratorSupport, "bruxelles", null, BrusselsCommunes, BrusselsPostcodes,
            Referent("Coordination Praxis", "perpetrator-support-praxis"), OfficeHours),
        new("justice-house-bruxelles", "Maison de justice de Bruxelles", AgencyKind.JusticeHouse, "bruxelles", null, BrusselsCommunes, BrusselsPostcodes,
            Referent("Assistant·e de justice de permanence", "justice-house-bruxelles"), OfficeHours),
        new("coordination-olista", "Olista (concertation de cas, Bruxelles)", AgencyKind.Coordination, "bruxelles", null, BrusselsCommunes, BrusselsPostcodes,
            Referent("Coordination Olista", "coordination-olista"), OfficeHours),
    ];

    /// <summary>Inserts the demo agencies that are missing; existing rows are left as they are.</summary>
    public static async Task SeedAsync(TacticsDbContext db, CancellationToken cancellationToken)
    {
        var existing = await db.Agencies.Select(a => a.Code).ToListAsync(cancellationToken);
        db.Agencies.AddRange(All.Where(a => !existing.Contains(a.Code)));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static Agency Police(string code, string name, string zone, string[] communes, string[] postcodes, string district = "bruxelles") =>
        new(code, name, AgencyKind.Police, district, zone, communes, postcodes, Referent("Référent·e EVA / VIF", code), AroundTheClock);

    private static Agency Sapv(string code, string name, string zone, string[] communes, string[] postcodes, string district = "bruxelles") =>
        new(code, name, AgencyKind.Sapv, district, zone, communes, postcodes, Referent("Assistant·e social·e SAPV", code), OfficeHours);

    private static ReferentContact Referent(string function, string code) =>
        new(function, $"{code}@partners.tactics.example", "+3220000000");
}
