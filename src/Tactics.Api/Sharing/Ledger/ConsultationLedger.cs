using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Sharing.Ledger;

/// <summary>
/// The article 458ter consultations of a case: the only writer of them, and their reader for the features. Who sees one is
/// <see cref="SideRecordPolicy.ForConsultation"/>'s call, made by the caller.
/// </summary>
public sealed class ConsultationLedger(TacticsDbContext db, ICurrentUser user, TimeProvider time)
{
    /// <summary>
    /// Opens a consultation by the caller on a case it writes to: the case keeps its rule (open, and a high or critical risk level
    /// by the latest assessment of an agency with <c>risk</c> in its legal mission) and raises the event; the opener takes part.
    /// </summary>
    public async Task<ConsultationEntry> OpenAsync(Case @case, IEnumerable<string> participants, string purpose, DateTimeOffset until,
        CancellationToken cancellationToken)
    {
        var now = time.UtcNowStored();
        var missionKinds = LegalMission.Matrix.Where(m => m.Value.Contains(DataCategory.Risk)).Select(m => m.Key).ToList();
        var missionRiskLevel = await db.RiskAssessments.AsNoTracking().Where(r => r.CaseId == @case.Id)
            .Join(db.Agencies, r => r.AssessedBy, a => a.Code, (r, a) => new { r.AssessedAt, r.Id, Level = (RiskLevel?)r.EffectiveLevel, a.Kind })
            .Where(r => missionKinds.Contains(r.Kind))
            .OrderByDescending(r => r.AssessedAt).ThenByDescending(r => r.Id)
            .Select(r => r.Level)
            .FirstOrDefaultAsync(cancellationToken);
        var consultation = new CaseConsultation(@case.Id, [.. participants, user.AgencyCode], purpose, until, user.AgencyCode, user.UserId, now);
        @case.OpenConsultation(missionRiskLevel, consultation.Id, consultation.Participants, user.AgencyCode, now);
        db.CaseConsultations.Add(consultation);
        return Entry(consultation);
    }

    /// <summary>One consultation of the case, or null.</summary>
    public async Task<ConsultationEntry?> FindAsync(Guid caseId, Guid consultationId, CancellationToken cancellationToken)
    {
        var consultation = await db.CaseConsultations.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Id == consultationId && c.CaseId == caseId, cancellationToken);
        return consultation is null ? null : Entry(consultation);
    }

    /// <summary>Every consultation of the case, in no particular order.</summary>
    public async Task<List<ConsultationEntry>> EntriesAsync(Guid caseId, CancellationToken cancellationToken) =>
        [.. (await db.CaseConsultations.AsNoTracking().Where(c => c.CaseId == caseId).ToListAsync(cancellationToken)).Select(Entry)];

    /// <summary>
    /// A page of the case's consultations the caller may see, oldest first, after the cursor's key: those that are not
    /// <paramref name="visible"/> are left out before paging.
    /// </summary>
    public async Task<CursorPage<ConsultationEntry>> PageAsync(Guid caseId, (DateTimeOffset At, Guid Id)? after, int limit,
        Func<ConsultationEntry, bool> visible, CancellationToken cancellationToken)
    {
        var page = await Keyset.CollectAsync(db.CaseConsultations.AsNoTracking().Where(c => c.CaseId == caseId), after, limit,
            c => visible(Entry(c)), cancellationToken);
        return new CursorPage<ConsultationEntry>([.. page.Items.Select(Entry)], page.NextCursor);
    }

    private static readonly TimeIdKeyset<CaseConsultation> Keyset = new(c => c.OpenedAt, c => c.Id);

    private static ConsultationEntry Entry(CaseConsultation c) =>
        new(c.Id, c.CaseId, c.Participants, c.Purpose, c.Until, c.OpenedByAgency, c.OpenedByUser, c.OpenedAt);
}
