using Tactics.Api.Sharing;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Time;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Households;
using Tactics.Api.Domain.Persons;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Households;

/// <summary>
/// Household grouping (DESIGN.md): matches a case's victim and author against every household of every zone,
/// inside the command's transaction. The same victim–author pair of national-number keys (either role order)
/// joins the case to that household at once when an agency with legal mission opens the case or records the incident
/// (act 4); opened by any other kind, or where either case is a disclosure-opened (confined) one (act 6), the pair
/// becomes a link suggestion instead. The same normalised address (never a confidential one) or the same name and
/// birth date becomes a link suggestion for a referent. Matching is the system's: it does not go through
/// <c>ICaseAccess</c>, and what it writes holds ids only.
/// </summary>
public sealed class HouseholdMatcher(TacticsDbContext db, ICurrentUser user, TimeProvider time)
{
    /// <summary>At most this many households are suggested per reason and run (a block of flats must not flood the referents).</summary>
    public const int MaxSuggestionsPerReason = 10;

    /// <summary>Matches the case (tracked, with its victim and author) and joins or suggests; call once per new case or incident.</summary>
    public Task MatchAsync(Case @case, CancellationToken cancellationToken) =>
        MatchAsync(@case, HouseholdActors.JoinsPairAtOnce(user.AgencyKind) && @case.ConfinedToAgency is null, cancellationToken);

    /// <summary>
    /// Matches a case a 458bis disclosure opened: suggestions only, never a join (act 6). Its suggestions are for the
    /// addressed parquet's referent alone until it confirms one (<see cref="HouseholdAccess"/>).
    /// </summary>
    public Task SuggestOnlyAsync(Case @case, CancellationToken cancellationToken) => MatchAsync(@case, mayJoin: false, cancellationToken);

    private async Task MatchAsync(Case @case, bool mayJoin, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Household matching runs inside the command's transaction (TransactionBehavior).");
        }
        var persons = new[] { @case.Victim, @case.Author }.OfType<Person>().ToList();
        // Persons written before matching existed, or whose address changed, get their keys now.
        foreach (var person in persons) person.RefreshMatchingKeys();

        await MatchTheSamePairAsync(@case, mayJoin, cancellationToken);
        await SuggestAsync(@case.HouseholdId, persons, cancellationToken);
    }

    private async Task MatchTheSamePairAsync(Case @case, bool mayJoin, CancellationToken cancellationToken)
    {
        if (@case.Victim.NationalNumberKey is not { } victim || @case.Author?.NationalNumberKey is not { } author) return;

        // Two cases of one pair opened at once (two zones) must not each start a household: they queue on the pair.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PairLockKey(victim, author)})", cancellationToken);

        var caseId = @case.Id;
        var confined = db.Cases.Where(c => c.ConfinedToAgency != null);
        var households = await db.Cases.AsNoTracking()
            .Where(c => c.Id != caseId && c.Author != null
                && ((c.Victim.NationalNumberKey == victim && c.Author.NationalNumberKey == author)
                    || (c.Victim.NationalNumberKey == author && c.Author.NationalNumberKey == victim)))
            .Join(db.Households, c => c.HouseholdId, h => h.Id, (c, h) => new { h.Id, h.CreatedAt, Confined = confined.Any(x => x.HouseholdId == h.Id) })
            .Distinct()
            .OrderBy(h => h.CreatedAt).ThenBy(h => h.Id)
            .ToListAsync(cancellationToken);

        // A household holding a disclosure-opened case is never joined: the pair is only suggested to it (act 6).
        var joinable = mayJoin ? households.Where(h => !h.Confined).Select(h => h.Id).ToList() : [];
        if (joinable.Count > 0 && !joinable.Contains(@case.HouseholdId))
        {
            var target = await LockActiveAsync(joinable[0], cancellationToken);
            var left = @case.HouseholdId;
            @case.LinkToHousehold(target, user.AgencyCode, time.UtcNowStored());

            // A case being opened leaves a household nobody saved yet: it is dropped. Any other stays, with its history.
            var unsaved = db.ChangeTracker.Entries<Household>().SingleOrDefault(e => e.Entity.Id == left && e.State == EntityState.Added);
            if (unsaved is not null) unsaved.State = EntityState.Detached;
        }

        var suggested = households.Select(h => h.Id).Where(id => id != @case.HouseholdId && !(mayJoin && joinable.Contains(id))).ToList();
        if (suggested.Count > 0)
        {
            var others = await db.Households.AsNoTracking().Where(h => suggested.Contains(h.Id) && h.MergedIntoId == null)
                .OrderByDescending(h => h.CreatedAt).ThenBy(h => h.Id).Select(h => h.Id).Take(MaxSuggestionsPerReason).ToListAsync(cancellationToken);
            await InsertSuggestionsAsync(@case.HouseholdId, others, LinkReason.SameNationalNumberPair, cancellationToken);
        }
    }

    /// <summary>
    /// Locks the household against a concurrent merge (shared), following it to the household it was merged into,
    /// so a joining case never lands in an absorbed household.
    /// </summary>
    private async Task<Guid> LockActiveAsync(Guid householdId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var mergedInto = await db.Database
                .SqlQuery<Guid?>($"SELECT merged_into_id AS \"Value\" FROM households WHERE id = {householdId} FOR SHARE")
                .SingleAsync(cancellationToken);
            if (mergedInto is null) return householdId;
            householdId = mergedInto.Value;
        }
    }

    private async Task SuggestAsync(Guid householdId, IReadOnlyList<Person> persons, CancellationToken cancellationToken)
    {
        IQueryable<Guid>? sameAddress = null;
        foreach (var (key, box) in persons.Where(p => p.AddressKey is not null).Select(p => (Key: p.AddressKey!, Box: p.AddressBoxKey)).Distinct())
        {
            // Same dwelling: same postcode, street and number; the same box, or a box unknown on either side.
            var dwelling = db.Persons.Where(p => p.AddressKey == key);
            if (box is not null) dwelling = dwelling.Where(p => p.AddressBoxKey == null || p.AddressBoxKey == box);
            var ids = dwelling.Select(p => p.Id);
            sameAddress = sameAddress is null ? ids : sameAddress.Concat(ids);
        }
        if (sameAddress is not null)
        {
            await SuggestAsync(householdId, sameAddress, LinkReason.SameAddress, cancellationToken);
        }

        var names = persons.Select(p => p.NameBirthKey).OfType<string>().Distinct().ToList();
        if (names.Count > 0)
        {
            await SuggestAsync(householdId, db.Persons.Where(p => names.Contains(p.NameBirthKey!)).Select(p => p.Id),
                LinkReason.SameNameAndBirthDate, cancellationToken);
        }
    }

    private async Task SuggestAsync(Guid householdId, IQueryable<Guid> matchingPersons, LinkReason reason, CancellationToken cancellationToken)
    {
        // The households of the matching persons' cases, found from the persons (a union of index probes), not by testing every
        // household in order: at scale that was a second a query.
        var matched = db.Cases.Where(c => matchingPersons.Contains(c.VictimId)).Select(c => c.HouseholdId)
            .Union(db.Cases.Where(c => c.AuthorId != null && matchingPersons.Contains(c.AuthorId.Value)).Select(c => c.HouseholdId));
        var others = await db.Households.AsNoTracking()
            .Where(h => h.Id != householdId && h.MergedIntoId == null && matched.Contains(h.Id))
            .OrderByDescending(h => h.CreatedAt).ThenBy(h => h.Id)
            .Select(h => h.Id)
            .Take(MaxSuggestionsPerReason)
            .ToListAsync(cancellationToken);
        await InsertSuggestionsAsync(householdId, others, reason, cancellationToken);
    }

    private async Task InsertSuggestionsAsync(Guid householdId, IReadOnlyCollection<Guid> others, LinkReason reason, CancellationToken cancellationToken)
    {
        if (others.Count == 0) return;

        // The suggestion's foreign keys need this household's row (and the case's) written first, in this transaction.
        await db.SaveChangesAsync(cancellationToken);

        // The pair is stored in PostgreSQL's uuid order; the unique indexes keep one pending suggestion per pair and one
        // per pair and reason ever (a rejection stands), so a concurrent or repeated match inserts nothing.
        var reasonName = EnumNames.Name(reason);
        var now = time.UtcNowStored();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO household_link_suggestions (id, household_a_id, household_b_id, reason, status, created_at)
            SELECT gen_random_uuid(), LEAST({householdId}, other), GREATEST({householdId}, other), {reasonName}, 'pending', {now}
            FROM unnest({others.ToArray()}) AS other
            ON CONFLICT DO NOTHING
            """, cancellationToken);
    }

    /// <summary>An advisory-lock key of the pair, the same in either role order.</summary>
    private static long PairLockKey(byte[] first, byte[] second)
    {
        var (low, high) = first.AsSpan().SequenceCompareTo(second) <= 0 ? (first, second) : (second, first);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData([.. low, .. high], hash);
        return BitConverter.ToInt64(hash[..8]);
    }
}
