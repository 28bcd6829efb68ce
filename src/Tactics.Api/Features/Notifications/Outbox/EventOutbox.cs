using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Notifications.Outbox;

/// <summary>
/// The one call a state change makes to announce itself. The event joins the current unit of work and commits
/// (or rolls back) with the change: the command pipeline's transaction saves it.
/// </summary>
public interface IEventOutbox
{
    /// <summary>
    /// Adds an event of a type the catalogue delivers (<see cref="EventCatalogue"/>), for an event that is no change of a
    /// case (a case's changes raise theirs through <c>Case</c>). <paramref name="ids"/> are other ids the partner needs to
    /// fetch details (<c>taskId</c>, ...): ids only, never a name, an address or a narrative. <paramref name="recipientAgencyCodes"/>
    /// are the agencies a named audience names (the addressed parquet, a referral's parties); the catalogue's audience rule,
    /// applied by <see cref="Dispatch.IEventRecipients"/>, decides the final list.
    /// Returns the event id.
    /// </summary>
    string Raise(string type, Guid? caseId, IReadOnlyDictionary<string, string>? ids = null, IEnumerable<string>? recipientAgencyCodes = null);
}

internal sealed partial class EventOutbox(TacticsDbContext db, TimeProvider time) : IEventOutbox
{
    public const int MaxIds = 8;
    public const int MaxRecipients = 50;

    public string Raise(string type, Guid? caseId, IReadOnlyDictionary<string, string>? ids = null, IEnumerable<string>? recipientAgencyCodes = null)
    {
        var outboxEvent = Build(type, caseId, ids, recipientAgencyCodes, time.GetUtcNow());
        db.OutboxEvents.Add(outboxEvent);
        return outboxEvent.Id;
    }

    /// <summary>Checks and builds an event (ids only, a catalogue type); <see cref="Raise"/> and the case-event publisher add it.</summary>
    internal static OutboxEvent Build(string type, Guid? caseId, IReadOnlyDictionary<string, string>? ids, IEnumerable<string>? recipientAgencyCodes, DateTimeOffset now,
        DataCategory? category = null)
    {
        if (!EventCatalogue.IsDeliverable(type)) throw new ArgumentException("Not an event type the catalogue delivers.", nameof(type));

        var data = new Dictionary<string, string>();
        if (caseId is { } id) data["caseId"] = id.ToString();
        foreach (var (key, value) in ids ?? new Dictionary<string, string>())
        {
            // The shape itself keeps personal data out: camelCase keys ending in Id, values without spaces.
            if (key == "caseId" || !IdKey().IsMatch(key) || !IdValue().IsMatch(value))
            {
                throw new ArgumentException("Event data holds ids only: keys like taskId, values of letters, digits and -_.: (64 at most).", nameof(ids));
            }
            data[key] = value;
        }
        if (data.Count > MaxIds) throw new ArgumentException($"An event carries {MaxIds} ids at most.", nameof(ids));

        var recipients = (recipientAgencyCodes ?? []).ToList();
        if (recipients.Count > MaxRecipients || recipients.Any(code => string.IsNullOrEmpty(code) || code.Length > 64))
        {
            throw new ArgumentException("Recipients are agency codes (64 characters at most).", nameof(recipientAgencyCodes));
        }

        return new OutboxEvent(OutboxEventId.New(now), type, now, caseId, data, recipients, category);
    }

    [GeneratedRegex("^[a-z][A-Za-z0-9]{0,40}Id$")]
    private static partial Regex IdKey();

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$")]
    private static partial Regex IdValue();
}

/// <summary>Wakes the dispatcher of this process as soon as a transaction that wrote events commits.</summary>
internal sealed class OutboxCommitInterceptor(DispatcherSignal signal) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    public override Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        WakeIfEvents(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) =>
        WakeIfEvents(eventData.Context);

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // Without an explicit transaction, SaveChanges commits by itself.
        if (eventData.Context?.Database.CurrentTransaction is null) WakeIfEvents(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void WakeIfEvents(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<OutboxEvent>().Any()) signal.Wake();
    }
}

/// <summary>An in-process wake-up for the dispatcher loop; other instances find the events by polling.</summary>
public sealed class DispatcherSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Wake()
    {
        try
        {
            if (_semaphore.CurrentCount == 0) _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    /// <summary>Waits for a wake-up or the poll interval, measured on <paramref name="time"/>.</summary>
    public async Task WaitAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(interval, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await _semaphore.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed.
        }
    }
}
