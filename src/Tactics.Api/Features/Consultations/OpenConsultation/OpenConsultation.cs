using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Time;
using Tactics.Api.Features.Cases;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;
using Tactics.Api.Sharing.Ledger;

namespace Tactics.Api.Features.Consultations.OpenConsultation;

/// <summary>
/// Opens an article 458ter case consultation on a high or critical case; parquet or coordination only. It opens every
/// category but internal notes to the participants (the hard rules still hold) until <c>until</c>, then ends by itself.
/// </summary>
/// <param name="Participants">The codes of the participant agencies, 1 to 20 (the opening agency takes part too).</param>
/// <param name="Purpose">What the consultation is for, in writing.</param>
/// <param name="Until">When the participants' access ends (UTC): in the future, at most 180 days ahead.</param>
public sealed record OpenConsultationCommand(
    [property: BoundedItems(ConsultationResponse.MaxNamedParticipants, ConsultationResponse.AgencyCodeMaxLength)] IReadOnlyList<string> Participants,
    [property: MaxLength(ConsultationResponse.PurposeMaxLength)] string Purpose,
    [property: Required] DateTimeOffset? Until) : ICommand<ConsultationOpened>
{
    [JsonIgnore] public Guid CaseId { get; init; }
    [JsonIgnore] public string? IfMatch { get; init; }
}

/// <summary>The opened consultation and the case's new ETag.</summary>
public sealed record ConsultationOpened(ConsultationResponse Consultation, string ETag) : ICreatedResource
{
    public Guid ResourceId => Consultation.Id;
    public string Location => CaseRoutes.Consultation(Consultation.CaseId, Consultation.Id);
}

public sealed class OpenConsultationValidator : AbstractValidator<OpenConsultationCommand>
{
    /// <summary>The longest a consultation may open a case without being opened again.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(180);

    private readonly TacticsDbContext _db;
    private HashSet<string>? _agencyCodes;

    public OpenConsultationValidator(TimeProvider time, TacticsDbContext db)
    {
        _db = db;
        RuleFor(c => c.IfMatch).MaximumLength(ETags.MaxLength).OverridePropertyName("If-Match");
        RuleFor(c => c.Participants).NotNull()
            .Must(p => p.Count is >= 1 and <= ConsultationResponse.MaxNamedParticipants)
            .WithMessage($"Name 1 to {ConsultationResponse.MaxNamedParticipants} participant agencies.");
        RuleForEach(c => c.Participants).NotEmpty().MaximumLength(ConsultationResponse.AgencyCodeMaxLength)
            .MustAsync(IsAgencyAsync).WithMessage("Must be the code of an agency of the partnership (see GET /api/v1/agencies).");
        RuleFor(c => c.Purpose).NotEmpty().MaximumLength(ConsultationResponse.PurposeMaxLength);
        RuleFor(c => c.Until).NotNull()
            .Must(until => until > time.GetUtcNow()).WithMessage("Must be in the future: the consultation's access ends then.")
            .Must(until => until <= time.GetUtcNow() + MaxDuration).WithMessage($"Must be at most {MaxDuration.Days} days ahead.");
    }

    /// <summary>The directory is read once per request, however many participants are named.</summary>
    private async Task<bool> IsAgencyAsync(string code, CancellationToken cancellationToken)
    {
        _agencyCodes ??= (await _db.Agencies.AsNoTracking().Select(a => a.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        return _agencyCodes.Contains(code);
    }
}

public sealed class OpenConsultationHandler(ICaseAccess access, ConsultationLedger ledger)
    : ICommandHandler<OpenConsultationCommand, ConsultationOpened>
{
    public async ValueTask<ConsultationOpened> Handle(OpenConsultationCommand command, CancellationToken cancellationToken)
    {
        var @case = await access.WriteAsync(command.CaseId, [CaseAction.OpenConsultation], command.IfMatch, ifMatchRequired: false, cancellationToken);
        var consultation = await ledger.OpenAsync(@case, command.Participants.Select(p => p.Trim()), command.Purpose.Trim(),
            command.Until!.Value.TruncateToStored(), cancellationToken);
        // The opener wrote the purpose: its own record.
        var purpose = access.DecideEntry(@case.Id, DataCategory.Facts, consultation.OpenedByAgency);
        return new ConsultationOpened(ConsultationResponse.From(consultation, purpose, consultation.OpenedAt), (await access.StampAsync(@case, cancellationToken)).ETag);
    }
}
