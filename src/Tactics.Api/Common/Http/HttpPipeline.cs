using Microsoft.AspNetCore.Http.Features;

namespace Tactics.Api.Common.Http;

public static class HttpPipeline
{
    /// <summary>
    /// Every response is marked <c>no-store</c>: case data must never sit in a proxy or browser cache.
    /// Bodies larger than <see cref="RequestLimits.MaxBodyBytes"/> are refused before they are read.
    /// </summary>
    public static IApplicationBuilder UseApiHttpRules(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });

        if (context.Request.ContentLength > RequestLimits.MaxBodyBytes)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = RequestLimits.MaxBodyBytes;
        }
        else if (context.Request.ContentLength is null && context.Request.Body.CanRead)
        {
            // Hosts without a server-side limit (the test host) still get one for chunked bodies.
            context.Request.Body = new LimitedReadStream(context.Request.Body, RequestLimits.MaxBodyBytes);
        }

        await next(context);
    });

    /// <summary>
    /// A request that matches no route is a 404 for everyone, before authorisation, so the fallback
    /// "token required" policy protects real endpoints without turning unknown addresses into 401s.
    /// </summary>
    public static IApplicationBuilder UseNotFoundForUnknownRoutes(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint() is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await next(context);
    });

    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }
            return read;
        }
    }
}
