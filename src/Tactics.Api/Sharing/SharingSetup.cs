namespace Tactics.Api.Sharing;

public static class SharingSetup
{
    public static IServiceCollection AddSharing(this IServiceCollection services)
    {
        services.AddScoped<AccessLog>();
        services.AddScoped<AccessLogVerifier>();
        return services;
    }
}
