using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Tactics.Api.Common.Validation;
using Tactics.Api.Infrastructure;

namespace Tactics.Api.Infrastructure.OpenApi;

public static class OpenApiSetup
{
    public const string BearerScheme = "bearer";

    public static IServiceCollection AddTacticsOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "TACTICS case-tracking API",
                Version = "v1",
                Description = "The shared case file of a Belgian domestic-violence partnership. "
                    + "Every route needs a bearer token with the claims sub, agency, agency_kind and roles. "
                    + "Errors are RFC 9457 problem details.",
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT from the partnership's identity provider (locally: POST /dev/tokens). "
                    + "Tokens follow the JWT best current practices of RFC8725: signed (never alg none), audience and expiry checked.",
            });
            options.SupportNonNullableReferenceTypes();
            options.NonNullableReferenceTypesAsRequired();
            options.OperationFilter<SecurityAndProblemsOperationFilter>();
            options.OperationFilter<CaseHeadersOperationFilter>();
            options.OperationFilter<TextResponseBoundsFilter>();
            options.OperationFilter<RoutePathParametersFilter>();
            options.ParameterFilter<EnumStringParameterFilter>();
            options.SchemaFilter<BoundsSchemaFilter>();
            options.CustomSchemaIds(SchemaId);
            options.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, $"{typeof(OpenApiSetup).Assembly.GetName().Name}.xml"));
        });
        return services;
    }

    /// <summary>Readable schema names: <c>CursorPageOfAgencyResponse</c>.</summary>
    private static string SchemaId(Type type) =>
        type.IsGenericType
            ? type.Name[..type.Name.IndexOf('`')] + "Of" + string.Concat(type.GetGenericArguments().Select(SchemaId))
            : type.Name;

    /// <summary>
    /// Declares the bearer requirement on every route not marked anonymous, and the problem responses
    /// every API route can give (400, 401, 403, 429, 500) so generated clients throw typed errors.
    /// </summary>
    private sealed class SecurityAndProblemsOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            var anonymous = metadata.OfType<IAllowAnonymous>().Any();
            operation.Responses ??= new OpenApiResponses();

            if (!anonymous)
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
                AddProblem(operation, context, "401", "No token, or an invalid or expired one.");
                AddProblem(operation, context, "403", "The caller's agency or role lacks the basis for this action.");
            }
            AddProblem(operation, context, "400", "Invalid input: the problem's errors name each field.");
            AddProblem(operation, context, "429", "Too many requests: retry after the Retry-After delay.");
            AddProblem(operation, context, "500", "Unexpected server error; quote the traceId.");
            if (context.ApiDescription.ParameterDescriptions.Any(p => p.Source.Id == "Path"))
            {
                AddProblem(operation, context, "404", "Not found, or not visible to the caller (the same answer).");
            }

            foreach (var (status, response) in operation.Responses)
            {
                if (response is OpenApiResponse concrete && status[0] is '2' or '4')
                {
                    concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    concrete.Headers[RateLimiting.LimitHeader] = RateLimitHeader("Requests the caller's agency may make per minute.");
                    concrete.Headers[RateLimiting.RemainingHeader] = RateLimitHeader("Requests left in the current minute.");
                    if (status == "429")
                    {
                        concrete.Headers["Retry-After"] = RateLimitHeader("Seconds to wait before the next request.");
                    }
                }
            }
        }

        private static OpenApiHeader RateLimitHeader(string description) => new()
        {
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Maximum = "1000000" },
        };

        private static void AddProblem(OpenApiOperation operation, OperationFilterContext context, string status, string description)
        {
            if (operation.Responses!.TryGetValue(status, out var existing))
            {
                if (existing is OpenApiResponse response && string.IsNullOrEmpty(response.Description) is false) response.Description = description;
                return;
            }
            var schema = context.SchemaGenerator.GenerateSchema(
                status == "400" ? typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails) : typeof(Microsoft.AspNetCore.Mvc.ProblemDetails),
                context.SchemaRepository);
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
            };
        }
    }

    /// <summary>
    /// Declares the case-file HTTP conventions on the routes that follow them: the <c>Idempotency-Key</c>
    /// header of creating POSTs and the <c>ETag</c> header of responses carrying the caller's ETag of the case.
    /// </summary>
    /// <summary>
    /// Declares every id of a route's path: a handler that reads one from the route values rather than binding it
    /// (<see cref="Common.Http.AppendEndpoints.MapAppend{TCommand, TResult, TResponse}"/>: a measure's id under an append) still has it in its path.
    /// </summary>
    private sealed class RoutePathParametersFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var path = context.ApiDescription.RelativePath ?? "";
            foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(path, "{([A-Za-z]+)[^}]*}"))
            {
                var name = match.Groups[1].Value;
                if (operation.Parameters?.Any(p => p.In == ParameterLocation.Path && p.Name == name) == true) continue;
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Path,
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid", MaxLength = 36 },
                });
            }
        }
    }

    private sealed class CaseHeadersOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            foreach (var ifMatch in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.Name == "If-Match") ?? [])
            {
                ifMatch.Description = metadata.OfType<IAcceptsMetadata>().Any(a => a.ContentTypes.Contains(Features.Cases.PatchCase.PatchCaseCommand.MediaType))
                    ? "The case's ETag as last read by the caller. Required: 428 without it, 412 when what the caller sees of the case changed since."
                    : "The case's ETag as last read by the caller. Optional: when sent and what the caller sees of the case changed since, 412.";
            }
            if (metadata.OfType<Common.Idempotency.IdempotencyMetadata>().Any())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = Common.Idempotency.IdempotencyKeys.Header,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "A key unique to this request (a UUID will do). A retry with the same key and body within 24 hours "
                        + "replays the first answer (status, Location, ETag) without creating anything; the same key with another body is a 409.",
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        MinLength = 1,
                        MaxLength = Common.Idempotency.IdempotencyKeys.MaxLength,
                        Pattern = "^[\\x21-\\x7E]+$",
                    },
                });
                if (operation.Responses?.TryGetValue("409", out var conflict) == true && conflict is OpenApiResponse response)
                {
                    response.Description = "A duplicate (e.g. the Idempotency-Key reused with another body), or a state of the case that forbids the action.";
                }
            }
            if (metadata.OfType<ETagResponseMetadata>().Any() && operation.Responses is not null)
            {
                foreach (var (status, response) in operation.Responses)
                {
                    if (status[0] == '2' && response is OpenApiResponse success)
                    {
                        success.Headers ??= new Dictionary<string, IOpenApiHeader>();
                        success.Headers["ETag"] = new OpenApiHeader
                        {
                            Description = "The caller's ETag of the case: a keyed hash of what it sees of the case, to send back in If-Match. It changes when something the caller sees changes, and only then.",
                            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Common.Http.ETags.MaxLength, Pattern = Common.Http.ETags.Pattern },
                        };
                    }
                }
            }
        }
    }

    private sealed class EnumStringParameterFilter : IParameterFilter
    {
        public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
        {
            var attribute = context.PropertyInfo?.GetCustomAttribute<EnumStringAttribute>()
                ?? context.ParameterInfo?.GetCustomAttribute<EnumStringAttribute>();
            if (attribute is not null && parameter is OpenApiParameter concrete)
            {
                concrete.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [.. EnumNames.All(attribute.EnumType).Select(name => (JsonNode)JsonValue.Create(name)!)],
                };
            }
        }
    }

    /// <summary>
    /// Bounds what the framework's types and the paging envelope leave open, so every string, array and
    /// integer of the spec is bounded (the OWASP lint fails otherwise); request bounds are enforced by the validators.
    /// </summary>
    /// <summary>A text answer (the board as CSV) is bounded like every other string of the spec.</summary>
    private sealed class TextResponseBoundsFilter : IOperationFilter
    {
        /// <summary>Far above the board's 10,000 CSV rows of a few hundred characters each.</summary>
        private const int MaxTextLength = 64 * 1024 * 1024;

        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            foreach (var response in operation.Responses?.Values.OfType<OpenApiResponse>() ?? [])
            {
                foreach (var (mediaType, content) in response.Content ?? new Dictionary<string, OpenApiMediaType>())
                {
                    if (mediaType.StartsWith("text/", StringComparison.Ordinal) && content.Schema is OpenApiSchema { Type: JsonSchemaType.String } text)
                    {
                        text.MaxLength ??= MaxTextLength;
                    }
                }
            }
        }
    }

    private sealed class BoundsSchemaFilter : ISchemaFilter
    {
        private const int ProblemTextLength = 2048;

        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (schema is not OpenApiSchema concrete) return;

            // Formatted strings have a natural bound: say it, so every string of the spec is bounded.
            var type = Nullable.GetUnderlyingType(context.Type) ?? context.Type;
            if (type == typeof(Guid)) concrete.MaxLength = 36;
            if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) concrete.MaxLength = 35;
            if (type == typeof(DateOnly)) concrete.MaxLength = 10;
            if (type == typeof(TimeOnly)) concrete.MaxLength = 16;

            if (context.MemberInfo?.GetCustomAttribute<BoundedItemsAttribute>() is { } bounded)
            {
                concrete.MaxItems = bounded.MaxItems;
                if (concrete.Items is OpenApiSchema items) items.MaxLength = bounded.MaxItemLength;
            }

            if (context.MemberInfo?.GetCustomAttribute<BoundedMapAttribute>() is { } boundedMap)
            {
                concrete.MaxProperties = boundedMap.MaxEntries;
                if (concrete.AdditionalProperties is OpenApiSchema values) values.MaxLength = boundedMap.MaxValueLength;
            }

            if (typeof(Microsoft.AspNetCore.Mvc.ProblemDetails).IsAssignableFrom(context.Type))
            {
                foreach (var name in new[] { "type", "title", "detail", "instance" })
                {
                    if (concrete.Properties?.TryGetValue(name, out var property) == true && property is OpenApiSchema text) text.MaxLength = ProblemTextLength;
                }
                if (concrete.Properties?.TryGetValue("status", out var status) == true && status is OpenApiSchema code)
                {
                    code.Minimum = "100";
                    code.Maximum = "599";
                }
                if (concrete.Properties?.TryGetValue("errors", out var errors) == true && errors is OpenApiSchema map
                    && map.AdditionalProperties is OpenApiSchema messages)
                {
                    messages.MaxItems = 20;
                    if (messages.Items is OpenApiSchema message) message.MaxLength = ProblemTextLength;
                }
            }

            if (context.Type.IsGenericType && context.Type.GetGenericTypeDefinition() is { } page
                && (page == typeof(Common.Paging.CursorPage<>) || page == typeof(Common.Paging.CaseDataPage<>)))
            {
                if (concrete.Properties?.TryGetValue("items", out var items) == true && items is OpenApiSchema list) list.MaxItems = Common.Paging.Cursor.MaxLimit;
                if (concrete.Properties?.TryGetValue("nextCursor", out var cursor) == true && cursor is OpenApiSchema next) next.MaxLength = Common.Paging.Cursor.MaxLength;
                if (concrete.Properties?.TryGetValue("withheld", out var withheld) == true && withheld is OpenApiSchema categories)
                {
                    categories.MaxItems = Enum.GetValues<Sharing.DataCategory>().Length;
                }
            }

            // Ids, dates and times are strings of a known format: bound them too.
            if (concrete.Type?.HasFlag(JsonSchemaType.String) == true && concrete.MaxLength is null && concrete.Enum is not { Count: > 0 })
            {
                concrete.MaxLength = concrete.Format switch
                {
                    "uuid" => 36,
                    "date" => 10,
                    "date-time" => 40,
                    _ => concrete.MaxLength,
                };
            }
        }
    }
}
