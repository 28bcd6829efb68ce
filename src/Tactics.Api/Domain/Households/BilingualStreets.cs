namespace Tactics.Api.Domain.Households;

/// <summary>
/// Brussels streets carry a French and a Dutch name; both spellings must lead to one address.
/// Keys and values are already normalised (lower case, no accents). Each Dutch name maps to its French twin.
/// </summary>
public static class BilingualStreets
{
    public static IReadOnlyDictionary<string, string> DutchToFrench { get; } = new Dictionary<string, string>
    {
        ["grensstraat"] = "rue de la limite",
        ["haachtsesteenweg"] = "chaussee de haecht",
        ["koningsstraat"] = "rue royale",
        ["nieuwstraat"] = "rue neuve",
        ["louizalaan"] = "avenue louise",
        ["anspachlaan"] = "boulevard anspach",
        ["leuvensesteenweg"] = "chaussee de louvain",
        ["brabantstraat"] = "rue de brabant",
        ["elsensesteenweg"] = "chaussee d ixelles",
        ["waversesteenweg"] = "chaussee de wavre",
        ["helmetsesteenweg"] = "chaussee d helmet",
        ["lakenstraat"] = "rue de laeken",
        ["kunstlaan"] = "avenue des arts",
        ["wetstraat"] = "rue de la loi",
        ["sint-josse-ten-nodeplein"] = "place saint-josse",
        ["liedtsplein"] = "place liedts",
        ["paleizenstraat"] = "rue des palais",
        ["gallaitstraat"] = "rue gallait",
        ["verbindingsstraat"] = "rue de la consolation",
        ["rogierplein"] = "place rogier",
    };
}
