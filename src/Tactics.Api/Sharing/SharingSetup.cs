using Tactics.Api.Sharing.Ledger;

namespace Tactics.Api.Sharing;

public static class SharingSetup
{
    public static IServiceCollection AddSharing(this IServiceCollection services)
    {
        services.AddScoped<AccessLog>();
        services.AddSingleton<DenialOutbox>();
        services.AddHostedService<DenialWriter>();
        services.AddScoped<AccessLogVerifier>();
        services.AddScoped<CaseFactsLoader>();
        services.AddScoped<ICaseAccess, CaseAccess>();
        services.AddScoped<HouseholdLinks>();
        services.AddScoped<ConsentLedger>();
        services.AddScoped<ConsultationLedger>();
        return services;
    }
}
