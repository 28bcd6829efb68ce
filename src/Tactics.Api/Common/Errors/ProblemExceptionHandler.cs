using Tactics.Api.Common;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tactics.Api.Domain;
using Tactics.Api.Domain.Incidents;

namespace Tactics.Api.Common.Errors;

/// <summary>Maps every exception to RFC 9457 problem details; the one place that decides error statuses.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException validation => ValidationProblem(validation),
            ApiException api => Problem(api),
            DomainRuleException rule => DomainRuleProblems.For(rule),
            // A safety net under the case's row lock: a write that lost a race on the version is a stale one.
            DbUpdateConcurrencyException => Problem(new PreconditionFailedException()),
            DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique }
                when UniqueConflicts.TryGetValue(unique.ConstraintName ?? "", out var conflict) => DomainRuleProblems.For(conflict()),
            BadHttpRequestException badRequest => BadRequestProblem(badRequest),
            _ => null,
        };

        if (problem is null)
        {
            // Only the exception's type is logged: messages of library exceptions may quote data.
            logger.LogError("Unhandled {ExceptionType} at {Path}", exception.GetType().FullName, httpContext.Request.Path.Value);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Type = ProblemTypes.Internal,
                Title = "Internal error",
                Detail = "The server could not complete the request. Quote the traceId when reporting it.",
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        var context = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        };
        if (await problems.TryWriteAsync(context)) return true;
        // A client that accepts only another type (text/csv) still gets its problem, as problem details.
        ProblemDetailsDefaults.Apply(context);
        await httpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), (JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
        return true;
    }

    /// <summary>Unique indexes whose violation (two concurrent writers) is the client's 409, by index name.</summary>
    private static readonly Dictionary<string, Func<DomainRuleException>> UniqueConflicts = new(StringComparer.Ordinal)
    {
        [Infrastructure.Persistence.Configurations.IncidentConfiguration.PvNumberIndex] = Incident.PvNumberTaken,
    };

    private static ProblemDetails Problem(ApiException api) =>
        new() { Status = api.Status, Type = api.Type, Title = api.Title, Detail = api.Message };

    private static HttpValidationProblemDetails ValidationProblem(ValidationException exception)
    {
        var errors = exception.Errors
            .GroupBy(e => JsonFieldPath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Type = ProblemTypes.Validation,
            Title = "Validation failed",
            Detail = $"Invalid value for: {string.Join(", ", errors.Keys)}.",
        };
    }

    private static ProblemDetails BadRequestProblem(BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new ProblemDetails
            {
                Status = 413,
                Type = ProblemTypes.PayloadTooLarge,
                Title = "Payload too large",
                Detail = $"Request bodies are limited to {RequestLimits.MaxBodyBytes} bytes.",
            };
        }
        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return new ProblemDetails
            {
                Status = 415,
                Type = ProblemTypes.UnsupportedMediaType,
                Title = "Unsupported media type",
                Detail = "Send the request body as application/json.",
            };
        }

        // The JSON path names the field; the reader's own message could quote the value, so it is not used.
        var json = FindInner<JsonException>(exception);
        // The reader's own (internal) exception inside means the text is not JSON at all; otherwise a value did not fit its field.
        var notJson = json?.InnerException?.GetType().Name == "JsonReaderException";
        var field = json is { Path: { Length: > 1 } path } && !notJson ? JsonFieldPath(path.TrimStart('$').TrimStart('.')) : null;
        if (!string.IsNullOrEmpty(field))
        {
            return new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [field] = ["The value is malformed, of the wrong type, or not one of the allowed values."],
            })
            {
                Status = 400,
                Type = ProblemTypes.Validation,
                Title = "Validation failed",
                Detail = $"Invalid value for: {field}.",
            };
        }

        return new ProblemDetails
        {
            Status = exception.StatusCode,
            Type = ProblemTypes.ForStatus(exception.StatusCode),
            Title = "Malformed request",
            Detail = json is not null
                ? "The request body is not valid JSON."
                : "The request could not be read: check the parameters and the body.",
        };
    }

    private static T? FindInner<T>(Exception? exception) where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found) return found;
        }
        return null;
    }

    /// <summary>Turns <c>Victim.BirthDate</c> or <c>victim.birthDate</c> into the contract's <c>victim.birthDate</c>.</summary>
    internal static string JsonFieldPath(string propertyPath) =>
        string.Join('.', propertyPath.Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Select(segment => segment.Length == 0 ? segment : char.ToLowerInvariant(segment[0]) + segment[1..]));
}
