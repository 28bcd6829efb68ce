using System.Net;

namespace Tactics.Api.Tests.Policy.Reach;

/// <summary>An agency that sees a category of a case after a write and did not before it.</summary>
public sealed record Gain(Guid Case, string Agency, string Category);

/// <summary>What a deliberate act is judged on: the snapshots on both sides of the write, the world, and the write's answer.</summary>
public sealed record ActContext(Snapshot Before, Snapshot After, World World, HttpStatusCode Status, string Caller, string Role,
    IReadOnlySet<Guid> NewCases)
{
    public bool Succeeded => (int)Status is >= 200 and < 300 && Status != HttpStatusCode.Accepted;

    /// <summary>The cases of the household the case is in after the write.</summary>
    public IEnumerable<Guid> HouseholdAfter(Guid caseId) => After.CasesOfHousehold(After.HouseholdOf(caseId));
}

/// <summary>
/// DESIGN.md, "What no write may do": the acts that may widen reach, each with its preconditions checked from what the test
/// knows and saw before the write (never from the write's own answer, except that a refused write widens nothing).
/// </summary>
public abstract record DeliberateAct
{
    public abstract bool Allows(Gain gain, ActContext context);

    public static readonly string[] OwnerView = ["core", "identity", "contact", "children", Partnership.Address];

    protected static DemoAgency Agency(string code) => Partnership.Agency(code);
}

/// <summary>No deliberate act: the write may widen no one's reach.</summary>
public sealed record NoAct : DeliberateAct
{
    public override bool Allows(Gain gain, ActContext context) => false;
}

/// <summary>Opening a case (any kind): its owner's view, the legal mission of the zones of its non-confidential addresses, and act 4.</summary>
public sealed record OpenCaseAct(string Opener, string VictimPostcode, bool VictimConfidential, string? AuthorPostcode, bool AuthorConfidential = false) : DeliberateAct
{
    private static readonly string[] MissionKinds = ["police", "parquet", "sapv", "justice_house"];

    public override bool Allows(Gain gain, ActContext context)
    {
        if (!context.Succeeded) return false;
        var joinAllowed = MissionKinds.Contains(Agency(Opener).Kind);
        if (context.NewCases.Contains(gain.Case))
        {
            if (gain.Agency == Opener && OwnerView.Contains(gain.Category)) return true;
            if (ModelReaches(Agency(gain.Agency)) && Partnership.MissionGains(Agency(gain.Agency)).Contains(gain.Category)) return true;
            // Act 4: the pair join puts the new case in a household: those reaching that household by mission reach it.
            var old = context.HouseholdAfter(gain.Case).Where(c => !context.NewCases.Contains(c));
            return joinAllowed && old.Any(c => context.Before.MissionReaches(gain.Agency, c))
                && Partnership.MissionGains(Agency(gain.Agency)).Contains(gain.Category);
        }
        // Act 4 on the household's existing cases: those whose mission reaches the new case reach them.
        return joinAllowed && context.NewCases.Any(n => context.HouseholdAfter(n).Contains(gain.Case))
            && ModelReaches(Agency(gain.Agency)) && Partnership.MissionGains(Agency(gain.Agency)).Contains(gain.Category);
    }

    /// <summary>Territory on the new case: its owner's zone, or a zone of a non-confidential address (a shelter's gives none).</summary>
    private bool ModelReaches(DemoAgency agency)
    {
        var zones = Partnership.Zones(agency);
        var opener = Agency(Opener);
        return agency.HasTerritory && (agency.Code == Opener
            || (opener.IsZoneAgency && zones.Contains(opener.Zone!))
            || (!VictimConfidential && Partnership.ZoneOf(VictimPostcode) is { } v && zones.Contains(v))
            || (!AuthorConfidential && Partnership.ZoneOf(AuthorPostcode) is { } a && zones.Contains(a)));
    }
}

/// <summary>Act 6: a 458bis disclosure reaches the addressed parquet and no one else; it never joins or changes a household.</summary>
public sealed record DisclosureAct(string Parquet) : DeliberateAct
{
    public override bool Allows(Gain gain, ActContext context) =>
        // A disclosure answers 202 whether or not it opened a case: the new case, if any, is the addressed parquet's.
        context.Status == HttpStatusCode.Accepted && context.NewCases.Contains(gain.Case) && gain.Agency == Parquet
        && (OwnerView.Contains(gain.Category) || Partnership.MissionGains(Agency(Parquet)).Contains(gain.Category));
}

/// <summary>
/// Act 1: a consent opens to its recipient the granted categories (and the case's core) that the recorder holds: by legal
/// mission, as owner, or (social, health) through records it wrote on the case.
/// </summary>
public sealed record ConsentAct(string Recorder, Guid Case, string? RecipientAgency, string? RecipientKind, string[] Categories) : DeliberateAct
{
    public override bool Allows(Gain gain, ActContext context)
    {
        if (!context.Succeeded || gain.Case != Case || gain.Agency == Recorder) return false;
        if (!(gain.Agency == RecipientAgency || (RecipientAgency is null && Agency(gain.Agency).Kind == RecipientKind))) return false;
        var recorder = context.Before[Case, Recorder];
        if (!recorder.Sees("identity")) return false;
        var owner = context.Before.OwnerOf(Case) == Recorder;
        var held = Categories.Where(c => recorder.BasisOf(c) == "legal_mission"
            || (owner && OwnerView.Contains(c))
            || (c is "social" or "health" && context.World.Records.Contains((Case, Recorder, c)))).ToHashSet();
        if (held.Count == 0) return false;
        return gain.Category == "core" || held.Contains(gain.Category) || (gain.Category == Partnership.Address && held.Contains("contact"));
    }
}

/// <summary>
/// Act 2: a 458ter opened by a parquet or coordination that sees the case, resting on a high or critical level of the latest
/// assessment by an agency with <c>risk</c> in its legal mission, opens every category but internal notes to its participants
/// (the opener takes part).
/// </summary>
public sealed record ConsultationAct(string Opener, Guid Case, string[] Participants) : DeliberateAct
{
    public override bool Allows(Gain gain, ActContext context)
    {
        if (!context.Succeeded || gain.Case != Case) return false;
        if (Agency(Opener).Kind is not ("parquet" or "coordination") || !context.Before[Case, Opener].Sees("core")) return false;
        var latest = context.World.MissionAssessments.LastOrDefault(a => a.Case == Case);
        if (latest.Level is not ("high" or "critical")) return false;
        return (Participants.Contains(gain.Agency) || gain.Agency == Opener) && gain.Category != "internal_notes";
    }
}

/// <summary>
/// Act 3: a merge or a confirmed link suggestion, by a referent of police, parquet or SAPV that reaches both households: each
/// agency that reached one of them by legal mission reaches the merged household's cases.
/// </summary>
public sealed record MergeAct(Guid FirstCase, Guid OtherCase) : DeliberateAct
{
    public override bool Allows(Gain gain, ActContext context)
    {
        if (!context.Succeeded || context.Role != "referent" || Agency(context.Caller).Kind is not ("police" or "parquet" or "sapv")) return false;
        var sides = new[] { FirstCase, OtherCase }.Select(c => context.Before.CasesOfHousehold(context.Before.HouseholdOf(c)).ToList()).ToList();
        if (!sides.All(side => side.Any(c => context.Before.MissionReaches(context.Caller, c)))) return false;
        var merged = sides.SelectMany(s => s).ToHashSet();
        return merged.Contains(gain.Case) && merged.Any(c => context.Before.MissionReaches(gain.Agency, c))
            && Partnership.MissionGains(Agency(gain.Agency)).Contains(gain.Category);
    }
}

/// <summary>Act 5: an incident by a police zone in its own zone, on a case where it already sees <c>facts</c> by legal mission.</summary>
public sealed record IncidentAct(Guid Case, string Zone) : DeliberateAct
{
    public override bool Allows(Gain gain, ActContext context)
    {
        var caller = Agency(context.Caller);
        if (!context.Succeeded || caller.Kind != "police" || caller.Zone != Zone) return false;
        if (context.Before[Case, context.Caller].BasisOf("facts") != "legal_mission") return false;
        return context.HouseholdAfter(Case).Contains(gain.Case) && Partnership.TerritoryOf(Zone).Any(a => a.Code == gain.Agency)
            && Partnership.MissionGains(Agency(gain.Agency)).Contains(gain.Category);
    }
}

/// <summary>
/// Act 7: a change of the victim's address by the owner or an agency that sees <c>contact</c> gives the new zone territory,
/// unless the new address is confidential. Making a confidential address non-confidential is for its recorder alone; then
/// those who see <c>contact</c> read its fields.
/// </summary>
public sealed record AddressChangeAct(Guid Case, string NewPostcode, bool NewConfidential, bool WasConfidential, string? Recorder) : DeliberateAct
{
    public override bool Allows(Gain gain, ActContext context)
    {
        if (!context.Succeeded) return false;
        var caller = context.Caller;
        var before = context.Before[Case, caller];
        if (context.Before.OwnerOf(Case) != caller && !before.Sees("contact")) return false;
        if (WasConfidential && caller != Recorder) return false;
        if (WasConfidential && !NewConfidential && gain.Case == Case && gain.Category == Partnership.Address
            && context.After[Case, gain.Agency].Sees("contact")) return true;
        if (NewConfidential || Partnership.ZoneOf(NewPostcode) is not { } zone) return false;
        return context.HouseholdAfter(Case).Contains(gain.Case) && Partnership.TerritoryOf(zone).Any(a => a.Code == gain.Agency)
            && Partnership.MissionGains(Agency(gain.Agency)).Contains(gain.Category);
    }
}

/// <summary>
/// Act 8: a release (or a scheduled one), recorded by a parquet or justice house that sees <c>judicial</c>, gives the police
/// zone and the SAPV where the victim lives <c>judicial</c> and <c>contact</c> of that case (the SAPV never a confidential
/// address's fields).
/// </summary>
public sealed record ReleaseAct(Guid Case) : DeliberateAct
{
    public override bool Allows(Gain gain, ActContext context)
    {
        if (!context.Succeeded || gain.Case != Case || Agency(context.Caller).Kind is not ("parquet" or "justice_house")) return false;
        if (!context.Before[Case, context.Caller].Sees("judicial")) return false;
        var victim = context.World.Cases.Values.Single(c => c.Id == Case).VictimPostcode;
        var reached = new[] { Partnership.PoliceOf(victim)?.Code, Partnership.SapvOf(victim)?.Code };
        return reached.Contains(gain.Agency) && gain.Category is "core" or "judicial" or "contact" or Partnership.Address;
    }
}

/// <summary>DESIGN.md's hard rules: no act opens these.</summary>
public static class HardRules
{
    public static string? Broken(Gain gain, ActContext context)
    {
        var kind = Partnership.Agency(gain.Agency).Kind;
        if (gain.Category == "internal_notes") return "internal notes never leave their agency";
        if (gain.Category == Partnership.CoreByOwnEntries) return "an agency whose only link is its own entries gets 404 for the case";
        if (kind == "perpetrator_support" && gain.Category is "contact" or Partnership.Address) return "perpetrator support never sees the victim's contact";
        if (gain.Category == Partnership.Address && context.World.Cases.Values.FirstOrDefault(c => c.Id == gain.Case) is { VictimConfidential: true } facts
            && gain.Agency != facts.AddressRecorder && gain.Agency != Partnership.PoliceOf(facts.VictimPostcode)?.Code)
        {
            return "a confidential address goes to its recorder and the victim-zone police only";
        }
        return null;
    }
}
