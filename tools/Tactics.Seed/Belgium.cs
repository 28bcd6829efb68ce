using Tactics.Api.Domain.Agencies;
using Tactics.Api.Infrastructure.Persistence.Seed;

namespace Tactics.Seed;

/// <summary>A police zone of the synthetic map: its number, district, postcodes and the codes of its agencies.</summary>
public sealed record Zone(string Number, string District, IReadOnlyList<string> Postcodes, IReadOnlyList<string> Communes)
{
    public string Police => $"police-{Number}";
    public string Sapv => $"sapv-{Number}";
    public string Parquet => $"parquet-{District}";
    public string Cpas => Number switch { "5344" => "cpas-saint-josse", _ => $"cpas-{Number}" };
}

/// <summary>
/// The synthetic partnership: 185 police zones (numbers 5270-5454, the demo zones 5339, 5344 and 5345 among them), 12
/// judicial districts, and per zone a SAPV and a CPAS, per district health, victim-support, perpetrator-support and justice
/// house services, and three coordinations. Names and communes are synthetic; the demo agencies keep their own rows.
/// </summary>
public static class Belgium
{
    public const int ZoneCount = 185;
    public const int FirstZone = 5270;

    public static readonly string[] Districts =
        ["bruxelles", "antwerpen", "halle-vilvoorde", "leuven", "brabant-wallon", "gent", "brugge", "hainaut", "liege", "namur", "luxembourg", "eupen"];

    public static IReadOnlyList<Zone> Zones { get; } = BuildZones();

    public static IReadOnlyDictionary<string, Zone> ByNumber { get; } = Zones.ToDictionary(z => z.Number);

    private static List<Zone> BuildZones()
    {
        var demo = DemoAgencies.All.Where(a => a.Kind == AgencyKind.Police).ToDictionary(a => a.PoliceZone!);
        var zones = new List<Zone>();
        for (var i = 0; i < ZoneCount; i++)
        {
            var number = (FirstZone + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (demo.TryGetValue(number, out var police))
            {
                zones.Add(new Zone(number, police.JudicialDistrict, police.Postcodes, police.Communes));
                continue;
            }
            // Brussels' six zones are 5339-5344; the rest spread over the other districts. Postcodes 4000-4369 are synthetic.
            var district = i is >= 69 and <= 74 ? "bruxelles" : Districts[1 + i % (Districts.Length - 1)];
            var postcodes = new[] { (4000 + 2 * i).ToString(System.Globalization.CultureInfo.InvariantCulture), (4001 + 2 * i).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            zones.Add(new Zone(number, district, postcodes, [$"Commune {number}-A", $"Commune {number}-B"]));
        }
        return zones;
    }

    /// <summary>Every agency of the synthetic map that the demo set does not already hold.</summary>
    public static IEnumerable<Agency> Agencies()
    {
        var demo = DemoAgencies.All.Select(a => a.Code).ToHashSet();
        var all = new List<Agency>();
        foreach (var zone in Zones)
        {
            all.Add(new Agency(zone.Police, $"Zone de police {zone.Number}", AgencyKind.Police, zone.District, zone.Number, zone.Communes, zone.Postcodes,
                Referent("Référent·e EVA / VIF", zone.Police), "24/7"));
            all.Add(new Agency(zone.Sapv, $"SAPV {zone.Number}", AgencyKind.Sapv, zone.District, zone.Number, zone.Communes, zone.Postcodes,
                Referent("Assistant·e social·e SAPV", zone.Sapv), OfficeHours));
            all.Add(new Agency(zone.Cpas, $"CPAS {zone.Communes[0]}", AgencyKind.Cpas, zone.District, null, zone.Communes, zone.Postcodes,
                Referent("Travailleur·euse social·e référent·e VIF", zone.Cpas), OfficeHours));
        }
        foreach (var district in Districts)
        {
            var zones = Zones.Where(z => z.District == district).ToList();
            string[] communes = [.. zones.SelectMany(z => z.Communes).Distinct()];
            string[] postcodes = [.. zones.SelectMany(z => z.Postcodes).Distinct()];
            Agency Service(string code, string name, AgencyKind kind, string function, string hours) =>
                new(code, name, kind, district, null, communes, postcodes, Referent(function, code), hours);
            all.Add(Service($"parquet-{district}", $"Parquet {district}", AgencyKind.Parquet, "Juriste référent·e VIF", OfficeHours));
            all.Add(Service($"health-cpvs-{district}", $"CPVS {district}", AgencyKind.Health, "Coordination CPVS", "24/7"));
            all.Add(Service($"health-hospital-{district}", $"Hôpital {district}", AgencyKind.Health, "Urgences", "24/7"));
            all.Add(Service($"victim-support-{district}", $"Refuge {district}", AgencyKind.VictimSupport, "Permanence d'accueil", "24/7"));
            all.Add(Service($"perpetrator-support-{district}", $"Programme auteurs {district}", AgencyKind.PerpetratorSupport, "Coordination", OfficeHours));
            all.Add(Service($"justice-house-{district}", $"Maison de justice {district}", AgencyKind.JusticeHouse, "Assistant·e de justice", OfficeHours));
            all.Add(Service($"coordination-{district}", $"Concertation de cas {district}", AgencyKind.Coordination, "Coordination", OfficeHours));
        }
        return all.Where(a => !demo.Contains(a.Code));
    }

    private const string OfficeHours = "Mon-Fri 08:30-17:00";

    private static ReferentContact Referent(string function, string code) => new(function, $"{code}@partners.tactics.example", "+3220000000");
}
