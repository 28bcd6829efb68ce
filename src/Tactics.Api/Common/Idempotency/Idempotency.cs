using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Time;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Common.Idempotency;

public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxLength = 200;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>
    /// Honours <c>Idempotency-Key</c> on a POST that creates a resource: a repeated key (per agency, user and
    /// route, kept 24 h) replays the first status, <c>Location</c> and <c>ETag</c> with the body rendered again
    /// by <paramref name="render"/> (a query, so it passes the sharing policy of the moment); the same key with
    /// another body is a 409. The command's result must implement <see cref="ICreatedResource"/>.
    /// </summary>
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder route, RenderCreated render)
    {
        var metadata = new IdempotencyMetadata(render);
        return route
            .WithMetadata(metadata)
            .AddEndpointFilter((context, next) => IdempotencyFilter.InvokeAsync(context, next, metadata))
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}

/// <summary>Renders a created resource again, by id, for a replayed response.</summary>
public delegate ValueTask<object> RenderCreated(IMediator mediator, HttpContext http, Guid resourceId, CancellationToken cancellationToken);

/// <summary>Marks an endpoint as honouring Idempotency-Key (read by the filter and by the OpenAPI description).</summary>
public sealed record IdempotencyMetadata(RenderCreated Render);

/// <summary>
/// The result of a command that created a resource (201), or acted on one (200: a lifting, a completion): what a
/// replay must answer again.
/// </summary>
public interface ICreatedResource
{
    Guid ResourceId { get; }

    /// <summary>The created resource's address; empty when the caller is given none (an accepted 458bis disclosure).</summary>
    string Location { get; }

    /// <summary>The ETag answered with the resource, if it has one.</summary>
    string? ETag { get; }

    /// <summary>The status a replay answers again: 201 unless the route answers otherwise (202 for an accepted disclosure).</summary>
    int Status => StatusCodes.Status201Created;
}

/// <summary>The key of the current request, if any; set by the filter, recorded by <see cref="IdempotencyBehavior{TMessage,TResponse}"/>.</summary>
public sealed class IdempotencyContext
{
    public IdempotencyScope? Current { get; set; }
}

internal static class IdempotencyFilter
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, IdempotencyMetadata metadata)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(IdempotencyKeys.Header, out var values))
        {
            return await next(context);
        }
        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > IdempotencyKeys.MaxLength || key.Any(c => c is < '!' or > '~'))
        {
            throw new BadRequestException(ProblemTypes.InvalidIdempotencyKey,
                $"Send one Idempotency-Key of 1 to {IdempotencyKeys.MaxLength} printable ASCII characters, unique per request (a UUID will do).");
        }

        var services = http.RequestServices;
        var user = services.GetRequiredService<ICurrentUser>();
        var route = $"{http.Request.Method} {http.Request.Path.Value?.ToLowerInvariant()}";
        var scope = new IdempotencyScope(user.AgencyCode, user.UserId, route, key, Hash(route, context.Arguments, services));

        var first = await FindAsync(services, scope, http.RequestAborted);
        if (first is not null)
        {
            return await ReplayAsync(http, scope, first, metadata);
        }

        services.GetRequiredService<IdempotencyContext>().Current = scope;
        try
        {
            return await next(context);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException
            { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: IdempotencyRecordConfiguration.PrimaryKey })
        {
            // A concurrent request with the same key committed first: this one rolled back, and answers as a replay.
            first = await FindAsync(services, scope, http.RequestAborted) ?? throw new InvalidOperationException("Idempotency record vanished.");
            return await ReplayAsync(http, scope, first, metadata);
        }
    }

    private static async Task<IdempotencyRecord?> FindAsync(IServiceProvider services, IdempotencyScope scope, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<TacticsDbContext>();
        var cutoff = services.GetRequiredService<TimeProvider>().UtcNowStored() - IdempotencyKeys.Retention;
        return await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r =>
            r.Agency == scope.Agency && r.UserId == scope.UserId && r.Route == scope.Route && r.Key == scope.Key && r.CreatedAt > cutoff,
            cancellationToken);
    }

    private static async Task<IResult> ReplayAsync(HttpContext http, IdempotencyScope scope, IdempotencyRecord first, IdempotencyMetadata metadata)
    {
        if (!CryptographicOperations.FixedTimeEquals(first.RequestHash, scope.RequestHash))
        {
            throw new ConflictException(ProblemTypes.IdempotencyKeyReused,
                "This Idempotency-Key was already used on this route with a different request: use a new key for a new request.");
        }
        var body = await metadata.Render(http.RequestServices.GetRequiredService<IMediator>(), http, first.ResourceId, http.RequestAborted);
        if (first.Location.Length > 0) http.Response.Headers.Location = first.Location;
        if (first.ETag is not null) http.Response.Headers.ETag = first.ETag;
        http.Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        return Results.Json(body, statusCode: first.Status);
    }

    /// <summary>The route and the bound command, serialised as the API reads it (so spacing or field order do not matter).</summary>
    private static byte[] Hash(string route, IList<object?> arguments, IServiceProvider services)
    {
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(route));
        foreach (var command in arguments.OfType<IBaseCommand>())
        {
            sha.AppendData("\n"u8);
            sha.AppendData(JsonSerializer.SerializeToUtf8Bytes(command, command.GetType(), json));
        }
        return sha.GetHashAndReset();
    }
}

/// <summary>
/// Inside the command's transaction: records the answer of a request that carried an Idempotency-Key, so the
/// change and its record commit together (a concurrent duplicate fails on the record's primary key and replays).
/// </summary>
public sealed class IdempotencyBehavior<TMessage, TResponse>(IdempotencyContext context, TacticsDbContext db, TimeProvider time)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IBaseCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var response = await next(message, cancellationToken);
        // Once per request: a command sent from inside another one (same transaction) records nothing more.
        if (context.Current is { } scope && response is ICreatedResource created
            && !db.ChangeTracker.Entries<IdempotencyRecord>().Any(e => e.State == EntityState.Added))
        {
            var now = time.UtcNowStored();
            var expired = now - IdempotencyKeys.Retention;
            // An expired record of the same key makes room for the new one.
            await db.IdempotencyRecords
                .Where(r => r.Agency == scope.Agency && r.UserId == scope.UserId && r.Route == scope.Route && r.Key == scope.Key && r.CreatedAt <= expired)
                .ExecuteDeleteAsync(cancellationToken);
            db.IdempotencyRecords.Add(new IdempotencyRecord(scope, created.Status, created.Location, created.ETag, created.ResourceId, now));
        }
        return response;
    }
}
