using Microsoft.AspNetCore.Http;

namespace Tactics.Api.Common.Errors;

internal static class ProblemDetailsDefaults
{
    /// <summary>Every problem gets our stable type for its status (when none was set) and the traceId.</summary>
    public static void Apply(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
        {
            problem.Type = ProblemTypes.ForStatus(status);
        }
        problem.Detail ??= status switch
        {
            401 => "A valid bearer token is required: signed by the partnership's identity provider, for this audience, not expired.",
            403 => "The caller's agency or role does not allow this action.",
            404 => "No resource answers at this address.",
            405 => "This route does not accept this HTTP method.",
            413 => $"Request bodies are limited to {Common.RequestLimits.MaxBodyBytes} bytes.",
            415 => "Send the request body as application/json.",
            _ => problem.Title,
        };
        problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
    }
}
