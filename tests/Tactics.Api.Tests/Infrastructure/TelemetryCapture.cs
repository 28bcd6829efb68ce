using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tactics.Api.Tests.Infrastructure;

/// <summary>
/// Records every span the process emits (ASP.NET Core, HttpClient, Npgsql, the API's own), with its name,
/// tags, events and status text, so a test can prove that no personal data reaches a trace.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    private readonly ActivityListener _listener;

    public TelemetryCapture()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => Spans.Enqueue(Describe(activity)),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ConcurrentQueue<string> Spans { get; } = new();

    public void Dispose() => _listener.Dispose();

    private static string Describe(Activity activity) =>
        string.Join(' ',
            [activity.Source.Name, activity.DisplayName, activity.StatusDescription ?? "",
             .. activity.TagObjects.Select(tag => $"{tag.Key}={tag.Value}"),
             .. activity.Events.SelectMany(e => e.Tags.Select(tag => $"{e.Name}:{tag.Key}={tag.Value}")),
             .. activity.Baggage.Select(b => $"{b.Key}={b.Value}")]);
}
