using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Mediator;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Households;
using Tactics.Api.Domain.Persons;
using Tactics.Api.Features.Households;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Infrastructure.Persons;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Cases.OpenCase;

/// <summary>Opens a case; the caller's agency owns it.</summary>
/// <param name="Victim">The victim.</param>
/// <param name="Author">The author of the violence, when known.</param>
/// <param name="Children">The minors of the household.</param>
public sealed record OpenCaseCommand(
    PersonInput Victim,
    PersonInput? Author,
    [property: MaxLength(CaseView.MaxChildren)] IReadOnlyList<ChildInput>? Children) : ICommand<CaseCreated>;

/// <summary>The opened case as the caller may see it, and its ETag.</summary>
public sealed record CaseCreated(CaseResponse Case, string ETag) : ICreatedResource
{
    public Guid ResourceId => Case.Id;
    public string Location => CaseRoutes.Case(Case.Id);
}

public sealed class OpenCaseValidator : AbstractValidator<OpenCaseCommand>
{
    public OpenCaseValidator(TimeProvider time)
    {
        RuleFor(c => c.Victim).NotNull().SetValidator(new PersonInputValidator(time));
        RuleFor(c => c.Author!).SetValidator(new PersonInputValidator(time)).When(c => c.Author is not null);
        RuleFor(c => c.Children).Must(children => children is null || children.Count <= CaseView.MaxChildren)
            .WithMessage($"At most {CaseView.MaxChildren} children.");
        RuleForEach(c => c.Children).NotNull().SetValidator(new ChildInputValidator(time));
    }
}

public sealed class OpenCaseHandler(TacticsDbContext db, ICurrentUser user, INationalNumberProtector nationalNumbers, ICaseAccess access,
    CaseView view, HouseholdMatcher households, HouseholdLinks links, TimeProvider time) : ICommandHandler<OpenCaseCommand, CaseCreated>
{
    public async ValueTask<CaseCreated> Handle(OpenCaseCommand command, CancellationToken cancellationToken)
    {
        var now = time.UtcNowStored();
        // Each case starts in a household of its own; matching may join it to the household of the same pair.
        var household = new Household(Guid.NewGuid(), now);
        var @case = Case.Open(household.Id, user.AgencyCode, command.Victim.ToPerson(nationalNumbers), command.Author?.ToPerson(nationalNumbers),
            (command.Children ?? []).Select(c => new CaseChild(c.BirthYear, c.PresentAtIncidents)), now);

        db.Households.Add(household);
        db.Cases.Add(@case);
        await households.MatchAsync(@case, cancellationToken);
        await access.RecordOpenedAsync(@case, cancellationToken);
        var visibility = access.VisibilityOf(@case.Core);
        // The opener sees no sign of a pair join unless it may see the household (act 4).
        var showsLink = await links.ShownAsync(new HouseholdLinkCandidate(@case.Id, @case.HouseholdId, visibility), cancellationToken);
        var stamp = access.Stamp(@case.Core, visibility, showsLink);
        return new CaseCreated(view.Detail(@case, visibility, showsLink, stamp), stamp.ETag);
    }
}
