using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.AspNetCore.Http.Json;
using Tactics.Api.Common.Behaviors;
using Tactics.Api.Common.Errors;
using Tactics.Api.Features.AccessLog.VerifyAccessLog;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Features.Agencies;
using Tactics.Api.Features.Board;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.Decisions;
using Tactics.Api.Features.Consents;
using Tactics.Api.Features.Records;
using Tactics.Api.Features.Households;
using Tactics.Api.Features.Consultations;
using Tactics.Api.Features.Disclosures;
using Tactics.Api.Features.Followers;
using Tactics.Api.Features.Custody;
using Tactics.Api.Features.Measures;
using Tactics.Api.Features.SafeContacts;
using Tactics.Api.Features.Tasks;
using Tactics.Api.Features.Incidents;
using Tactics.Api.Features.RiskAssessments;
using Tactics.Api.Features.DevTokens;
using Tactics.Api.Features.Notifications;
using Tactics.Api.Infrastructure;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Observability;
using Tactics.Api.Infrastructure.OpenApi;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

var builder = WebApplication.CreateBuilder(args);

builder.AddTacticsObservability();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.Configure<JsonOptions>(options => ConfigureJson(options.SerializerOptions));
builder.Services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(options => ConfigureJson(options.JsonSerializerOptions));
// Binding failures throw, so the exception handler can answer them as problem details naming the field.
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsDefaults.Apply);
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();

builder.Services.AddPersistence(builder.Configuration);
builder.Services.AddSharing();
builder.Services.AddTacticsAuth(builder.Configuration);
builder.Services.AddTacticsRateLimiting(builder.Configuration);
builder.Services.AddTacticsOpenApi();
builder.Services.AddNotifications(builder.Configuration);
builder.Services.AddCaseFile(builder.Configuration);
builder.Services.AddHouseholds();
builder.Services.AddTasks(builder.Configuration);
builder.Services.AddBoard(builder.Configuration);
// A rule stops at its first failure, so later checks never see a null the earlier one refused.
ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
// FluentValidation's range messages quote the value sent ("You entered ..."); problem details never echo client data.
var messages = (FluentValidation.Resources.LanguageManager)ValidatorOptions.Global.LanguageManager;
messages.AddTranslation("en", "InclusiveBetweenValidator", "'{PropertyName}' must be between {From} and {To}.");
messages.AddTranslation("en", "ExclusiveBetweenValidator", "'{PropertyName}' must be between {From} and {To} (exclusive).");
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Scoped, includeInternalTypes: true);
builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    // Order matters: log the whole use case, refuse bad input before any work, then one transaction,
    // inside which the answer to an Idempotency-Key is recorded with the change it answers.
    options.PipelineBehaviors =
    [
        typeof(LoggingBehavior<,>),
        typeof(ValidationBehavior<,>),
        typeof(TransactionBehavior<,>),
        typeof(IdempotencyBehavior<,>),
    ];
});

Tactics.Api.Common.Paging.Cursor.UseKey(builder.Configuration["Paging:CursorKey"]);
Tactics.Api.Common.Http.ETags.UseSecret(builder.Configuration["Paging:CursorKey"]);
var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseApiHttpRules();
app.UseSwagger();
app.UseSwaggerUI(options => options.SwaggerEndpoint("/swagger/v1/swagger.json", "TACTICS API v1"));
app.UseAuthentication();
app.UseRateLimitHeaders();
app.UseRateLimiter();
app.UseNotFoundForUnknownRoutes();
app.UseAuthorization();

app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
app.MapDevTokenEndpoints();
app.MapGroup("/api/v1")
    .MapAgencyEndpoints()
    .MapAccessLogEndpoints()
    .MapNotificationEndpoints()
    .MapCaseEndpoints()
    .MapIncidentEndpoints()
    .MapRiskAssessmentEndpoints()
    .MapConsentEndpoints()
    .MapRecordEndpoints()
    .MapHouseholdEndpoints()
    .MapFollowerEndpoints()
    .MapConsultationEndpoints()
    .MapDisclosureEndpoints()
    .MapCustodyEndpoints()
    .MapMeasureEndpoints()
    .MapSafeContactEndpoints()
    .MapTaskEndpoints()
    .MapBoardEndpoints()
    .MapDecisionEndpoints();

await app.PrepareDatabaseAsync();
await app.RunAsync();

static void ConfigureJson(JsonSerializerOptions json)
{
    json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
    json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    json.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
}

/// <summary>The entry point, visible to the integration tests' host.</summary>
public partial class Program;
