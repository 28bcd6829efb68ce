namespace Tactics.Api.Common.Http;

public static class EndpointConventions
{
    /// <summary>Declares the 404 problem response of a route that names one resource.</summary>
    public static RouteHandlerBuilder ProducesNotFound(this RouteHandlerBuilder route) =>
        route.ProducesProblem(StatusCodes.Status404NotFound);
}

/// <summary>
/// Lists the allowed snake_case values of a string parameter in the OpenAPI spec; the validator enforces them.
/// Query parameters stay strings so that a wrong value is a 400 naming the field, not a binding failure.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class EnumStringAttribute(Type enumType) : Attribute
{
    public Type EnumType { get; } = enumType;
}

/// <summary>Bounds an array of strings in the OpenAPI spec: at most <paramref name="maxItems"/> items of at most <paramref name="maxItemLength"/> characters.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class BoundedItemsAttribute(int maxItems, int maxItemLength) : Attribute
{
    public int MaxItems { get; } = maxItems;
    public int MaxItemLength { get; } = maxItemLength;
}

/// <summary>Bounds a map of strings in the OpenAPI spec: at most <paramref name="maxEntries"/> entries, values of at most <paramref name="maxValueLength"/> characters.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class BoundedMapAttribute(int maxEntries, int maxValueLength) : Attribute
{
    public int MaxEntries { get; } = maxEntries;
    public int MaxValueLength { get; } = maxValueLength;
}

/// <summary>Marks a route whose successful responses carry the case's <c>ETag</c> (described in the OpenAPI spec).</summary>
public sealed class ETagResponseMetadata
{
    public static readonly ETagResponseMetadata Instance = new();
}

public static class ETagConventions
{
    /// <summary>Declares the <c>ETag</c> header of the route's successful responses.</summary>
    public static RouteHandlerBuilder ProducesETag(this RouteHandlerBuilder route) => route.WithMetadata(ETagResponseMetadata.Instance);

    /// <summary>Declares the 412 of a stale If-Match (and the 428 of a missing one, when it is required).</summary>
    public static RouteHandlerBuilder ProducesPreconditionProblems(this RouteHandlerBuilder route, bool ifMatchRequired)
    {
        route.ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return ifMatchRequired ? route.ProducesProblem(StatusCodes.Status428PreconditionRequired) : route;
    }
}
