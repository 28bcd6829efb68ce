namespace Tactics.Api.Common.Errors;

/// <summary>
/// A failure the client can act on. Messages are written by the code, never built from request data,
/// so no personal data can travel in them.
/// </summary>
public abstract class ApiException(int status, string type, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string Title { get; } = title;
}

/// <summary>404: the resource does not exist, or the caller has no basis to know it does (same answer).</summary>
public sealed class NotFoundException(string resource)
    : ApiException(404, ProblemTypes.NotFound, "Not found", $"The {resource} was not found.");

public sealed class ForbiddenException(string type, string detail)
    : ApiException(403, type, "Forbidden", detail)
{
    public ForbiddenException(string detail) : this(ProblemTypes.Forbidden, detail) { }
}

public sealed class ConflictException(string type, string detail)
    : ApiException(409, type, "Conflict", detail)
{
    public ConflictException(string detail) : this(ProblemTypes.Conflict, detail) { }
}

public sealed class PreconditionFailedException()
    : ApiException(412, ProblemTypes.PreconditionFailed, "Precondition failed",
        "The If-Match header does not match the current ETag: read the resource again.");

public sealed class PreconditionRequiredException()
    : ApiException(428, ProblemTypes.PreconditionRequired, "Precondition required",
        "This change requires an If-Match header with the resource's current ETag.");

/// <summary>400 for a malformed header (bodies and parameters go through the validators instead).</summary>
public sealed class BadRequestException(string type, string detail)
    : ApiException(400, type, "Bad request", detail);

public sealed class UnsupportedMediaTypeException(string detail)
    : ApiException(415, ProblemTypes.UnsupportedMediaType, "Unsupported media type", detail);
