namespace Tactics.Api.Features.Households;

public static class HouseholdSetup
{
    /// <summary>Household grouping: matching on new cases and incidents, merges, and the household views.</summary>
    public static IServiceCollection AddHouseholds(this IServiceCollection services)
    {
        services.AddScoped<HouseholdMatcher>();
        services.AddScoped<HouseholdMerger>();
        services.AddScoped<HouseholdAccess>();
        services.AddScoped<HouseholdView>();
        return services;
    }
}
