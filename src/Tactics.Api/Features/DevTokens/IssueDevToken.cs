using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Validation;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.DevTokens;

public sealed record IssueDevTokenCommand(string AgencyCode, string UserId, IReadOnlyList<UserRole> Roles) : ICommand<DevTokenResponse>;

public sealed record DevTokenResponse(string AccessToken, DateTimeOffset ExpiresAt);

public sealed class IssueDevTokenValidator : AbstractValidator<IssueDevTokenCommand>
{
    public IssueDevTokenValidator(TacticsDbContext db)
    {
        RuleFor(c => c.AgencyCode).NotEmpty().MaximumLength(64)
            .MustAsync((code, ct) => db.Agencies.AnyAsync(a => a.Code == code, ct)).WithMessage("No agency has this code.");
        RuleFor(c => c.UserId).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Roles).NotNull().Must(roles => roles.Count is > 0 and <= 4)
            .WithMessage("Give one to four roles.");
        RuleForEach(c => c.Roles).IsInEnum();
    }
}

public sealed class IssueDevTokenHandler(TacticsDbContext db, DevTokenIssuer issuer) : ICommandHandler<IssueDevTokenCommand, DevTokenResponse>
{
    public async ValueTask<DevTokenResponse> Handle(IssueDevTokenCommand command, CancellationToken cancellationToken)
    {
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Code == command.AgencyCode, cancellationToken);
        var (token, expiresAt) = issuer.Issue(agency.Code, agency.Kind, command.UserId, command.Roles.Distinct().Select(EnumNames.Name));
        return new DevTokenResponse(token, expiresAt);
    }
}

public static class DevTokenEndpoints
{
    /// <summary>Local run only: mapped when dev tokens are enabled, so elsewhere the route is a plain 404.</summary>
    public static IEndpointRouteBuilder MapDevTokenEndpoints(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<DevTokenIssuer>().Enabled)
        {
            return app;
        }

        app.MapPost("/dev/tokens", async (IssueDevTokenCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command, ct)))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}
