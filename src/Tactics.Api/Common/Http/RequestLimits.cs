namespace Tactics.Api.Common;

public static class RequestLimits
{
    /// <summary>Request bodies are limited to 1 MiB (DESIGN.md); beyond, 413.</summary>
    public const long MaxBodyBytes = 1024 * 1024;
}
