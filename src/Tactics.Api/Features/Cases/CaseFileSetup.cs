using Tactics.Api.Common.Idempotency;
using Tactics.Api.Domain.RiskAssessments;
using Tactics.Api.Infrastructure.Persons;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Cases;

public static class CaseFileSetup
{
    /// <summary>The case file: the access gate, the view, national-number protection, the risk rule, idempotency.</summary>
    public static IServiceCollection AddCaseFile(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CaseView>();
        services.AddScoped<IdempotencyContext>();
        services.AddSingleton<IdempotencyPurge>();
        // On by default; switched off per instance (test hosts run fake clocks days ahead over one shared database).
        if (configuration.GetValue("Idempotency:Purge:Enabled", true))
        {
            services.AddHostedService(provider => provider.GetRequiredService<IdempotencyPurge>());
        }

        var persons = services.AddOptions<PersonsOptions>().Bind(configuration.GetSection(PersonsOptions.Section))
            .Validate(options => KeysProblem(options) is null, "Persons: NationalNumberEncryptionKey and NationalNumberHmacKey must each be 32 base64 bytes, and differ.");
        // An instance with a database refuses to start without the keys; one without (spec generation) needs none.
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("Tactics")))
        {
            persons.ValidateOnStart();
        }
        services.AddSingleton<INationalNumberProtector, NationalNumberProtector>();

        services.AddOptions<RiskOptions>().Bind(configuration.GetSection(RiskOptions.Section))
            .Validate(options => options.Problem() is null, "Risk: the thresholds are inconsistent (see the README).")
            .ValidateOnStart();
        return services;
    }

    private static string? KeysProblem(PersonsOptions options)
    {
        try
        {
            _ = new NationalNumberProtector(Microsoft.Extensions.Options.Options.Create(options));
            return null;
        }
        catch (InvalidOperationException exception)
        {
            return exception.Message;
        }
    }
}
