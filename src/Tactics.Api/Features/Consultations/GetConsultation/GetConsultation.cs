using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Consultations.GetConsultation;

public sealed record GetConsultationQuery(Guid CaseId, Guid ConsultationId) : IQuery<ConsultationResponse>;

public sealed class GetConsultationValidator : AbstractValidator<GetConsultationQuery>
{
    public GetConsultationValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.ConsultationId).NotEmpty();
    }
}

public sealed class GetConsultationHandler(ICaseAccess access, TacticsDbContext db, TimeProvider time)
    : IQueryHandler<GetConsultationQuery, ConsultationResponse>
{
    public async ValueTask<ConsultationResponse> Handle(GetConsultationQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var consultation = await db.CaseConsultations.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Id == query.ConsultationId && c.CaseId == grant.Case.Id, cancellationToken);
        // For its participants, its opener and the case owner; to anyone else, a consultation that does not exist.
        if (consultation is null
            || !SideRecordPolicy.ForConsultation(access.Caller, grant.Case.OwnerAgency, consultation.OpenedByAgency, consultation.Participants))
        {
            throw new NotFoundException("consultation");
        }
        return ConsultationResponse.From(consultation, access.DecideEntry(grant.Case.Id, DataCategory.Facts, consultation.OpenedByAgency), time.GetUtcNow());
    }
}
