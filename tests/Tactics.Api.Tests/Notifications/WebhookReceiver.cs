using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace Tactics.Api.Tests.Notifications;

/// <summary>A partner's receiver: a real Kestrel listener on 127.0.0.1 that records every request and answers as told.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/hooks";
    public ConcurrentQueue<ReceivedWebhook> Requests { get; } = new();

    /// <summary>How the receiver answers; 200 unless a test says otherwise.</summary>
    public Func<ReceivedWebhook, HttpContext, Task> Behaviour { get; set; } = (_, context) =>
    {
        context.Response.StatusCode = 200;
        return Task.CompletedTask;
    };

    public IEnumerable<ReceivedWebhook> For(string eventId) => Requests.Where(r => r.Id == eventId);

    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hooks", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = new HeaderDictionary();
            foreach (var (key, value) in context.Request.Headers) headers[key] = value;
            var received = new ReceivedWebhook(
                headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(), headers["webhook-signature"].ToString(),
                body, headers, DateTimeOffset.UtcNow);
            receiver!.Requests.Enqueue(received);
            await receiver.Behaviour(received, context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new WebhookReceiver(app, new Uri(address).Port);
        return receiver;
    }

    /// <summary>Waits (real time) until the condition holds; fails the test after the timeout.</summary>
    public static async Task Eventually(Func<bool> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out after {timeout}: {because}");
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request as the receiver saw it.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, IHeaderDictionary Headers, DateTimeOffset ReceivedAt)
{
    /// <summary>Verifies as a partner would, with the StandardWebhooks package (which also checks the timestamp is within 5 minutes of now).</summary>
    public void Verify(string secret) => new StandardWebhook(secret).Verify(Body, Headers);

    /// <summary>Whether one of the <c>v1,</c> signatures was made with <paramref name="secret"/> (no clock check, for compressed time).</summary>
    public bool IsSignedWith(string secret) =>
        Signature.Split(' ').Contains(new StandardWebhook(secret).Sign(Id, DateTimeOffset.FromUnixTimeSeconds(long.Parse(Timestamp)), Body));
}
