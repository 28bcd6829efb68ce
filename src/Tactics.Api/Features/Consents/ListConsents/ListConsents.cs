using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Paging;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Consents.ListConsents;

/// <summary>The case's consent ledger, oldest first; visible to whoever sees the case.</summary>
public sealed record ListConsentsQuery(Guid CaseId) : IQuery<CaseDataPage<ConsentResponse>>;

public sealed record GetConsentQuery(Guid CaseId, Guid ConsentId) : IQuery<ConsentResponse>;

public sealed class ListConsentsValidator : AbstractValidator<ListConsentsQuery>
{
    public ListConsentsValidator() => RuleFor(q => q.CaseId).NotEmpty();
}

public sealed class GetConsentValidator : AbstractValidator<GetConsentQuery>
{
    public GetConsentValidator() => RuleFor(q => q.ConsentId).NotEmpty();
}

public sealed class ListConsentsHandler(ICaseAccess access, TacticsDbContext db, TimeProvider time)
    : IQueryHandler<ListConsentsQuery, CaseDataPage<ConsentResponse>>, IQueryHandler<GetConsentQuery, ConsentResponse>
{
    public async ValueTask<CaseDataPage<ConsentResponse>> Handle(ListConsentsQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var entries = await Ledger(grant.Case.Id).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return new CaseDataPage<ConsentResponse>([.. entries.Select(e => ConsentView.ToResponse(e.Grant, e.Revocation, now))], null, grant.Visibility.Withheld);
    }

    public async ValueTask<ConsentResponse> Handle(GetConsentQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var entry = await Ledger(grant.Case.Id).SingleOrDefaultAsync(e => e.Grant.Id == query.ConsentId, cancellationToken)
            ?? throw new NotFoundException("consent");
        return ConsentView.ToResponse(entry.Grant, entry.Revocation, time.GetUtcNow());
    }

    private IQueryable<LedgerEntry> Ledger(Guid caseId) =>
        db.ConsentGrants.AsNoTracking().Where(g => g.CaseId == caseId).OrderBy(g => g.RecordedAt).ThenBy(g => g.Id)
            .Select(g => new LedgerEntry { Grant = g, Revocation = db.ConsentRevocations.FirstOrDefault(r => r.ConsentId == g.Id) });

    private sealed class LedgerEntry
    {
        public required Domain.CaseSharing.ConsentGrant Grant { get; init; }
        public Domain.CaseSharing.ConsentRevocation? Revocation { get; init; }
    }
}
