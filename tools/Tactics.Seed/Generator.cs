using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Audit;
using Tactics.Api.Domain.Board;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.CaseSharing;
using Tactics.Api.Domain.Custody;
using Tactics.Api.Domain.Decisions;
using Tactics.Api.Domain.Households;
using Tactics.Api.Domain.Incidents;
using Tactics.Api.Domain.Measures;
using Tactics.Api.Domain.Persons;
using Tactics.Api.Domain.RiskAssessments;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Features.Board;
using Tactics.Api.Features.Tasks;
using Tactics.Api.Infrastructure.Persons;
using Tactics.Api.Sharing;
using Tactics.Api.Sharing.Ledger;

namespace Tactics.Seed;

/// <summary>What one batch loads, in one transaction: whole households with every case, history and access-log chain.</summary>
public sealed class Batch
{
    public List<Household> Households { get; } = [];
    public List<Case> Cases { get; } = [];
    public List<ConsentGrant> Consents { get; } = [];
    public List<ConsentRevocation> Revocations { get; } = [];
    public List<AccessLogEntry> AccessLog { get; } = [];
    public List<BoardItem> BoardItems { get; } = [];
    public List<ParquetDecision> Decisions { get; } = [];
}

/// <summary>
/// Builds batches through the domain's own objects (Case.Open, RecordIncident, AssessRisk, RecordCustodyEvent, ...), so
/// versions, event numbers and rules are the API's. Content depends on the seed, the batch number and the anchor alone.
/// </summary>
public sealed class Generator(int seed, DateTimeOffset anchor, INationalNumberProtector nationalNumbers, RiskOptions risk, TaskOptions tasks,
    BoardOptions? board = null)
{
    private static readonly DecisionOutcome[] SeededOutcomes =
        [DecisionOutcome.Dismissed, DecisionOutcome.FollowUp, DecisionOutcome.Investigation, DecisionOutcome.AlternativeMeasure];

    private readonly BoardOptions _board = board ?? new BoardOptions();

    public const int CasesPerBatch = 1000;
    /// <summary>At SCALE=1: 1,000,000 incidents and 10,000,000 access-log rows for 400,000 cases.</summary>
    public const double IncidentsPerCase = 2.5, AccessEntriesPerCase = 25;

    private static readonly string[] FemaleNames = ["Amina", "Sarah", "Julie", "Fatima", "Laura", "Emma", "Nora", "Lina", "Sofie", "Marie", "Inès", "Eva", "Lotte", "Yasmina", "Chloé", "Hanne"];
    private static readonly string[] MaleNames = ["Mohamed", "Thomas", "Kevin", "Youssef", "Jan", "Lucas", "Pieter", "Karim", "Nicolas", "Bram", "Mehdi", "Arnaud", "Stijn", "Samir", "Julien", "Wout"];
    private static readonly string[] LastNames = ["Peeters", "Janssens", "Maes", "Dubois", "Lambert", "Martin", "El Amrani", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Dupont", "Leroy", "Benali", "Wouters", "Renard", "Vermeulen", "Diallo", "Simon"];
    private static readonly string[] Streets = ["Rue de la Station", "Kerkstraat", "Rue du Moulin", "Stationsstraat", "Avenue des Tilleuls", "Dorpstraat", "Rue de l'Église", "Molenstraat", "Chaussée de Louvain", "Nieuwstraat", "Rue Royale", "Schoolstraat"];
    private static readonly string[] Facts =
    [
        "Dispute verbale au domicile, objets lancés selon la déclarante.",
        "Madame déclare avoir été poussée contre le mur; rougeurs constatées au bras.",
        "Appel des voisins pour cris; monsieur a quitté les lieux avant l'arrivée de la patrouille.",
        "Menaces par messages répétés après la séparation, captures d'écran remises.",
        "Bousculade devant les enfants; madame souhaite un hébergement pour la nuit.",
        "Ruzie in de woning; slachtoffer verklaart dat de partner haar telefoon afnam.",
    ];
    private static readonly string[] Operations = ["GetCaseQuery", "GetCaseQuery", "GetCaseQuery", "ListCasesQuery", "GetTimelineQuery", "GetCustodyEventsQuery"];

    private static readonly string[] MissionGranted = Granted(LegalMission.Matrix[AgencyKind.Police], SharingBasis.LegalMission);
    private static readonly DataCategory[] CpasConsent = [DataCategory.Core, DataCategory.Identity, DataCategory.Contact, DataCategory.Children, DataCategory.Social];

    private readonly Zone[] _demoZones = [Belgium.ByNumber["5344"], Belgium.ByNumber["5339"], Belgium.ByNumber["5345"]];

    public Batch Build(int number)
    {
        // Not HashCode.Combine: it is salted per process.
        var rng = new Random(unchecked(seed * 1_000_003 + number * 7_919 + 0x5eed));
        var batch = new Batch();
        var caseIndex = 0;
        while (batch.Cases.Count < CasesPerBatch)
        {
            var cases = Math.Min(CasesPerBatch - batch.Cases.Count, Pick(rng, [(1, 78), (2, 16), (3, 6)]));
            Household(rng, batch, number, ref caseIndex, cases);
        }
        return batch;
    }

    private void Household(Random rng, Batch batch, int batchNumber, ref int caseIndex, int caseCount)
    {
        var home = rng.Next(100) switch
        {
            < 4 => _demoZones[0],
            < 7 => _demoZones[1],
            < 10 => _demoZones[2],
            _ => Belgium.Zones[rng.Next(Belgium.Zones.Count)],
        };
        var firstCase = anchor.AddDays(-rng.Next(2, 3650)).AddSeconds(-rng.Next(86_400));
        var household = new Household(Guid.NewGuid(), firstCase);
        batch.Households.Add(household);

        var postcodeIndex = rng.Next(home.Postcodes.Count);
        var address = new Address(Streets[rng.Next(Streets.Length)], (1 + rng.Next(250)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            rng.Next(4) == 0 ? $"{1 + rng.Next(12)}" : null, home.Postcodes[postcodeIndex], home.Communes[Math.Min(postcodeIndex, home.Communes.Count - 1)], false);
        var victim = Identity(rng, female: rng.Next(10) < 9);
        var author = rng.Next(20) == 0 ? null : Identity(rng, female: !victim.Female);
        var children = Enumerable.Range(0, Pick(rng, [(0, 45), (1, 25), (2, 20), (3, 10)]))
            .Select(_ => new CaseChild(firstCase.Year - rng.Next(17), rng.Next(2) == 0)).ToList();
        var phone = $"+324{rng.Next(70, 99)}{rng.Next(100000, 999999)}";

        var opened = firstCase;
        for (var i = 0; i < caseCount; i++)
        {
            // A household's later cases come from other zones: the couple's incidents in another city.
            var zone = i == 0 ? home : Belgium.Zones[rng.Next(Belgium.Zones.Count)];
            var victimPerson = victim.Person(nationalNumbers, phone, address);
            var authorPerson = author?.Person(nationalNumbers, null, address);
            var @case = Case.Open(household.Id, zone.Police, victimPerson, authorPerson, children, opened);
            History(rng, batch, @case, zone, home, batchNumber, caseIndex++);
            batch.Cases.Add(@case);
            opened = opened.AddDays(rng.Next(1, Math.Max(2, (int)((anchor - opened).TotalDays / 2))));
            if (opened >= anchor.AddDays(-1)) opened = anchor.AddDays(-1).AddSeconds(-rng.Next(3600));
        }
    }

    private void History(Random rng, Batch batch, Case @case, Zone zone, Zone home, int batchNumber, int caseIndex)
    {
        var t = @case.CreatedAt;
        var span = Math.Max(3600, (anchor - t).TotalSeconds - 3600);
        // Every step moves on, but past an hour before the anchor only by a second: no history runs past the anchor.
        var ceiling = anchor.AddHours(-1);
        DateTimeOffset Advance(DateTimeOffset to) => t = to < ceiling ? (to > t ? to : t) : t < ceiling ? ceiling : t.AddSeconds(1);
        DateTimeOffset Later(double maxShare) => Advance(t.AddSeconds(span * maxShare * rng.NextDouble() + 60));

        // Incidents: the first by the owner zone, later ones sometimes in another zone (the household across zones).
        var incidents = Poissonish(rng, IncidentsPerCase);
        Incident? lastReport = null;
        var pending = new List<(BoardItem Item, Zone Zone)>();
        for (var i = 0; i < incidents; i++)
        {
            var incidentZone = i == 0 || rng.Next(5) != 0 ? zone : Belgium.Zones[rng.Next(Belgium.Zones.Count)];
            var occurred = i == 0 ? t : Later(0.15);
            var kind = lastReport is not null && rng.Next(3) == 0 ? IncidentKind.Complaint
                : rng.Next(10) == 0 ? IncidentKind.SensitiveMatterRecord : IncidentKind.FamilyDisputeReport;
            var reported = Advance(occurred.AddMinutes(rng.Next(0, 240)));
            var pv = kind == IncidentKind.SensitiveMatterRecord ? null
                : $"{incidentZone.Number}.S{seed % 1000:D3}.{batchNumber:D4}{caseIndex:D4}{i:D2}/{reported.Year % 100:D2}";
            var sections = new IncidentSections(Facts[rng.Next(Facts.Length)], @case.Children.Count > 0 ? rng.Next(2) == 0 : null,
                null, rng.Next(8) == 0, rng.Next(3) == 0, null,
                (ImmediateMeasureKind)rng.Next(Enum.GetValues<ImmediateMeasureKind>().Length), null,
                [rng.Next(2) == 0 ? Orientation.Sapv : Orientation.Eva]);
            var complaint = kind == IncidentKind.Complaint
                ? new ComplaintDetails((InjuredPartyDeclaration)rng.Next(3), (Accompaniment)rng.Next(5)) : null;
            var incident = new Incident(@case.Id, kind, pv, incidentZone.Number, occurred, reported, sections, complaint,
                kind == IncidentKind.Complaint ? lastReport!.Id : null, incidentZone.Police, reported);
            @case.RecordIncident(incident, incidentZone.Police, reported);
            if (kind == IncidentKind.FamilyDisputeReport) lastReport = incident;
            if (BoardItem.ForIncident(incident, _board.DecideWithin(kind == IncidentKind.Complaint ? BoardItemKind.Complaint : BoardItemKind.FamilyDisputeReport))
                is { } item)
            {
                batch.BoardItems.Add(item);
                pending.Add((item, incidentZone));
            }

            // A risk assessment at the desk after most incidents, with the API's own rule.
            if (rng.Next(100) < 60)
            {
                var checklist = new RiskChecklist(Item(rng), Item(rng), Item(rng), Item(rng), Item(rng));
                var level = RiskRule.Compute(checklist, risk);
                var raised = rng.Next(25) == 0 && level < RiskLevel.Critical;
                Advance(t.AddMinutes(30));
                @case.AssessRisk(new RiskAssessment(@case.Id, checklist, level, raised ? level + 1 : null, raised ? "Éléments connus de l'EVA" : null,
                    incidentZone.Police, t), incidentZone.Police, t);
            }
        }

        // The board shows what is still open: a PV past its due date has the parquet's decision (the police of its zone are told).
        foreach (var (item, pvZone) in pending.Where(p => p.Item.DueAt <= anchor))
        {
            var decidedAt = Advance(item.DueAt.AddHours(-rng.Next(1, 96)));
            var decision = new ParquetDecision(@case.Id, item.Id, item.IncidentId, null, null, SeededOutcomes[rng.Next(SeededOutcomes.Length)], null, [], null,
                pvZone.Parquet, "parquet-user", decidedAt);
            batch.Decisions.Add(decision);
            @case.RecordDecision(decision, item, [], [pvZone.Police], pvZone.Parquet, decidedAt);
        }

        // Consents: the victim's own ledger. A good share of Saint-Josse's cases consent to its CPAS (the benchmark's partner).
        var consented = new List<(ConsentGrant Grant, DateTimeOffset End)>();
        if (zone.Number == "5344" && rng.Next(100) < 60)
        {
            consented.Add((Consent(rng, batch, @case, zone, "cpas-saint-josse", null, CpasConsent, Later(0.1), expired: false, revoked: false), DateTimeOffset.MaxValue));
        }
        if (rng.Next(100) < 30)
        {
            var recipient = rng.Next(3) switch { 0 => zone.Cpas, 1 => $"victim-support-{zone.District}", _ => $"health-cpvs-{zone.District}" };
            var kindOnly = rng.Next(4) == 0;
            var expired = rng.Next(100) < 20;
            var revoked = !expired && rng.Next(100) < 15;
            var grant = Consent(rng, batch, @case, zone, kindOnly ? null : recipient, kindOnly ? AgencyKind.VictimSupport : null,
                [DataCategory.Core, DataCategory.Contact, DataCategory.Social, DataCategory.Facts], Later(0.2), expired, revoked);
            if (!revoked) consented.Add((grant, grant.ValidUntil ?? DateTimeOffset.MaxValue));
        }

        // Custody: detention, then a release (done or scheduled) with the task of informing the victim.
        if (rng.Next(100) < 15)
        {
            var parquet = zone.Parquet;
            var detained = Later(0.2);
            @case.RecordCustodyEvent(new CustodyEvent(Guid.NewGuid(), @case.Id, CustodyEventKind.Detained, detained, null, null, null, null, parquet, detained),
                null, parquet, detained);
            var recorded = Later(0.2);
            var scheduled = rng.Next(4) == 0 ? anchor.AddDays(rng.Next(3, 30)) : (DateTimeOffset?)null;
            var kind = scheduled is null ? CustodyEventKind.Released : CustodyEventKind.ReleaseScheduled;
            var conditions = rng.Next(2) == 0 ? new ReleaseConditions(true, rng.Next(2) == 0, 200, anchor.AddDays(rng.Next(30, 365))) : null;
            var custody = new CustodyEvent(Guid.NewGuid(), @case.Id, kind, recorded, scheduled, null, null, conditions, parquet, recorded);
            var due = CaseTask.InformVictimDueAt(recorded, scheduled, tasks.InformVictimWithin, tasks.InformVictimBeforeRelease);
            var task = new CaseTask(Guid.NewGuid(), @case.Id, TaskKind.InformVictim, home.Sapv, home.Police, custody.Id, recorded, due);
            @case.RecordCustodyEvent(custody, task, parquet, recorded);
            // Nothing overdue is left for the deadline monitor: a task past due is done, or was escalated when it fell due.
            if (due <= anchor)
            {
                var escalated = rng.Next(10) == 0;
                if (escalated) @case.TaskEscalated(task, due);
                var done = due.AddMinutes(escalated ? rng.Next(1, 600) : rng.Next(-90, 600));
                if (done >= anchor) done = anchor.AddMinutes(-1) > due ? anchor.AddMinutes(-1) : due;
                task.Complete((TaskOutcome)rng.Next(3), (ContactMethod)rng.Next(2), null, done, "sapv-user", home.Sapv, done);
            }
        }

        // Protective measures ordered by the parquet: some lifted, some expired, some running (never ending within 3 days).
        if (rng.Next(100) < 20)
        {
            var from = Later(0.2);
            DateTimeOffset? until = rng.Next(3) switch
            {
                0 => null,
                1 => from.AddDays(rng.Next(10, 90)),
                _ => anchor.AddDays(rng.Next(4, 180)),
            };
            if (until is { } end && end > anchor.AddSeconds(-1) && end <= anchor.AddDays(3)) until = anchor.AddDays(4);
            var measure = new ProtectiveMeasure(Guid.NewGuid(), @case.Id, (MeasureKind)rng.Next(5), from, until, zone.Parquet, null, zone.Parquet, from);
            @case.ImposeMeasure(measure, zone.Parquet, from);
            if (rng.Next(10) == 0)
            {
                var lifted = Later(0.05);
                if (measure.Until is not { } u || u > lifted) @case.LiftMeasure(measure, "Levée par le parquet", zone.Parquet, "parquet-user", lifted);
            }
        }

        // Older cases are often closed.
        if ((anchor - @case.CreatedAt).TotalDays > 365 && rng.Next(100) < 55 && @case.Tasks.All(task => task.CompletedAt is not null))
        {
            @case.Close("Classement / suivi terminé", zone.Police, Later(0.1));
        }

        AccessChain(rng, batch, @case, zone, consented);
    }

    private ConsentGrant Consent(Random rng, Batch batch, Case @case, Zone zone, string? recipient, AgencyKind? kind, DataCategory[] categories,
        DateTimeOffset at, bool expired, bool revoked)
    {
        DateTimeOffset? until = expired ? at.AddDays(Math.Max(1, Math.Min(365, (anchor - at).TotalDays - 1))) : rng.Next(3) == 0 ? null : anchor.AddDays(rng.Next(180, 730));
        if (until is { } end && end > anchor && expired) until = anchor.AddDays(-1);
        if (until is { } e2 && e2 <= at) until = null;
        var grant = new ConsentGrant(@case.Id, recipient, kind, categories, (ConsentPurpose)rng.Next(3), at, until,
            (ConsentObtainedHow)rng.Next(3), null, zone.Sapv, "sapv-user", at);
        batch.Consents.Add(grant);
        @case.RecordAppend(EventCatalogue.CaseConsentGranted, zone.Sapv, at, SideRecordPolicy.ConsentScopes(new ConsentEntryFacts(zone.Sapv, recipient, kind, categories), @case.OwnerAgency, ownerVisibility: null), new Dictionary<string, Guid> { ["consentId"] = grant.Id });
        if (revoked && @case.Status == CaseStatus.Open)
        {
            var revokedAt = at.AddDays(rng.Next(1, 60));
            if (revokedAt < anchor)
            {
                var revocation = new ConsentRevocation(grant.Id, @case.Id, "À la demande de la victime", zone.Sapv, "sapv-user", revokedAt);
                batch.Revocations.Add(revocation);
                @case.RecordAppend(EventCatalogue.CaseConsentRevoked, zone.Sapv, revokedAt, SideRecordPolicy.ConsentScopes(new ConsentEntryFacts(zone.Sapv, recipient, kind, categories), @case.OwnerAgency, ownerVisibility: null), new Dictionary<string, Guid> { ["consentId"] = grant.Id });
            }
        }
        return grant;
    }

    /// <summary>The case's "who saw my file" chain, hashed by AccessLogEntry itself: reads by the criminal chain and by consented partners.</summary>
    private void AccessChain(Random rng, Batch batch, Case @case, Zone zone, List<(ConsentGrant Grant, DateTimeOffset End)> consented)
    {
        var count = Poissonish(rng, AccessEntriesPerCase);
        var start = @case.CreatedAt.ToUnixTimeSeconds();
        var span = anchor.AddMinutes(-10).ToUnixTimeSeconds() - start;
        var times = new long[count];
        for (var i = 0; i < count; i++) times[i] = start + (long)(rng.NextDouble() * span);
        Array.Sort(times);
        var previous = AccessLogEntry.GenesisHash;
        for (var i = 0; i < count; i++)
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(times[i]).AddTicks(rng.Next(10_000_000));
            var reader = rng.Next(10);
            string agency, kind;
            string[] granted;
            var grant = reader < 2 ? consented.FirstOrDefault(c => c.Grant.ValidFrom <= at && at < c.End && c.Grant.RecipientAgencyCode is not null).Grant : null;
            if (grant is not null)
            {
                agency = grant.RecipientAgencyCode!;
                kind = agency.StartsWith("cpas", StringComparison.Ordinal) ? "cpas" : agency.StartsWith("health", StringComparison.Ordinal) ? "health" : "victim_support";
                granted = Granted(grant.Categories, SharingBasis.Consent);
            }
            else
            {
                (agency, kind) = reader switch { < 5 => (zone.Police, "police"), < 8 => (zone.Sapv, "sapv"), _ => (zone.Parquet, "parquet") };
                granted = MissionGranted;
            }
            var entry = new AccessLogEntry(@case.Id, i + 1, previous, at, $"{agency}-user-{1 + rng.Next(5)}", agency, kind, EnumNames.Name(SharingAction.Read),
                Operations[rng.Next(Operations.Length)], "permitted", granted, [], $"{rng.NextInt64():x16}{rng.NextInt64():x16}");
            batch.AccessLog.Add(entry);
            previous = entry.Hash;
        }
    }

    private static string[] Granted(IEnumerable<DataCategory> categories, SharingBasis basis) =>
        [.. categories.Order().Select(c => $"{EnumNames.Name(c)}:{AccessLog.BasisName(basis)}")];

    private static ChecklistItem Item(Random rng) => new((ChecklistAnswer)Pick(rng, [(0, 35), (1, 50), (2, 15)]), null);

    /// <summary>At least one, with the given mean: 1 + a Poisson draw of mean - 1.</summary>
    private static int Poissonish(Random rng, double mean)
    {
        var limit = Math.Exp(-(mean - 1));
        var k = 0;
        for (var p = rng.NextDouble(); p > limit; p *= rng.NextDouble()) k++;
        return 1 + k;
    }

    private static int Pick(Random rng, (int Value, int Weight)[] table)
    {
        var roll = rng.Next(table.Sum(t => t.Weight));
        foreach (var (value, weight) in table)
        {
            if (roll < weight) return value;
            roll -= weight;
        }
        return table[^1].Value;
    }

    private SyntheticPerson Identity(Random rng, bool female)
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(rng.Next(0, 365 * 55));
        var serial = 1 + rng.Next(498) * 2 + (female ? 1 : 0);
        var body = long.Parse($"{birth:yyMMdd}{serial:D3}", System.Globalization.CultureInfo.InvariantCulture);
        var check = 97 - (int)((birth.Year >= 2000 ? 2_000_000_000L + body : body) % 97);
        var number = NationalNumber.Parse($"{body:D9}{check:D2}");
        var first = female ? FemaleNames[rng.Next(FemaleNames.Length)] : MaleNames[rng.Next(MaleNames.Length)];
        return new SyntheticPerson(first, LastNames[rng.Next(LastNames.Length)], birth, number, female);
    }

    private sealed record SyntheticPerson(string FirstName, string LastName, DateOnly BirthDate, NationalNumber Number, bool Female)
    {
        public Person Person(INationalNumberProtector protector, string? phone, Address address) =>
            new(Guid.NewGuid(), FirstName, LastName, BirthDate, protector.Protect(Number), phone, address);
    }
}
