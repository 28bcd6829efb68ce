namespace Tactics.Api.Domain.Agencies;

/// <summary>The kinds of partner agency; each is a role in the sharing policy.</summary>
public enum AgencyKind
{
    Police,
    Parquet,
    Sapv,
    Cpas,
    Health,
    VictimSupport,
    PerpetratorSupport,
    JusticeHouse,
    Coordination,
}
