using FluentValidation;
using Mediator;
using Tactics.Api.Common.Errors;
using Tactics.Api.Sharing;
using Tactics.Api.Sharing.Ledger;

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

public sealed class GetConsultationHandler(ICaseAccess access, ConsultationLedger ledger, TimeProvider time)
    : IQueryHandler<GetConsultationQuery, ConsultationResponse>
{
    public async ValueTask<ConsultationResponse> Handle(GetConsultationQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var consultation = await ledger.FindAsync(grant.Case.Id, query.ConsultationId, cancellationToken);
        // For its participants, its opener and the case owner; to anyone else, a consultation that does not exist.
        if (consultation is null
            || !SideRecordPolicy.ForConsultation(access.Caller, grant.Case.OwnerAgency, consultation.OpenedByAgency, consultation.Participants))
        {
            throw new NotFoundException("consultation");
        }
        return ConsultationResponse.From(consultation, access.DecideEntry(grant.Case.Id, DataCategory.Facts, consultation.OpenedByAgency), time.GetUtcNow());
    }
}
