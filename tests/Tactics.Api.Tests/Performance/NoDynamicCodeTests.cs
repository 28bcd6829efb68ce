using System.Diagnostics.Tracing;
using System.Net;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Policy;

namespace Tactics.Api.Tests.Performance;

/// <summary>Runs alone: the runtime's JIT events are process-wide, and other tests would compile code of their own meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SteadyStateCollection
{
    public const string Name = "steady state";
}

/// <summary>
/// A steady stream of reads compiles no new dynamic code: every expression, converter and query the read path needs is
/// built once, not per request (a <c>lambda_method</c> per request costs milliseconds of JIT each).
/// </summary>
[Collection(SteadyStateCollection.Name)]
public sealed class NoDynamicCodeTests(ApiFixture api)
{
    /// <summary>Counts the dynamic methods (expression trees, LCG) the JIT compiles while it listens; tier-ups of ordinary methods and the runtime's one-off marshalling stubs do not count.</summary>
    private sealed class DynamicMethodCounter : EventListener
    {
        private const EventKeywords JitKeyword = (EventKeywords)0x10;
        private int _count;
        private volatile bool _counting;
        private readonly List<string> _names = [];

        public int Count => _count;
        public IReadOnlyList<string> Names { get { lock (_names) return [.. _names]; } }

        public void Start() => _counting = true;

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, JitKeyword);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (!_counting || e.EventName is null || !e.EventName.StartsWith("MethodLoadVerbose", StringComparison.Ordinal) || e.PayloadNames is null) return;
            var ns = e.Payload![e.PayloadNames.IndexOf("MethodNamespace")] as string;
            var name = e.Payload[e.PayloadNames.IndexOf("MethodName")] as string ?? "?";
            // IL_STUB_*: the runtime's marshalling stubs, made once per native signature the first time it is called.
            if (ns is null || !ns.Contains("dynamicClass", StringComparison.Ordinal) || name.StartsWith("IL_STUB", StringComparison.Ordinal)) return;
            Interlocked.Increment(ref _count);
            lock (_names) if (_names.Count < 20) _names.Add(name);
        }
    }

    [Fact]
    public async Task Two_hundred_case_reads_after_a_warm_up_compile_no_dynamic_code()
    {
        using var police = await api.ClientFor("police-5344");
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var cases = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var caseId = await api.OpenCaseAs("police-5344");
            await police.GrantConsent(caseId, SharingKit.ToAgency("cpas-saint-josse"), ["identity"]);
            cases.Add(caseId);
        }
        async Task Read(int i) => await (await cpas.GetAsync($"/api/v1/cases/{cases[i % cases.Count]}")).Json(HttpStatusCode.OK);

        using var counter = new DynamicMethodCounter();
        for (var i = 0; i < 100; i++) await Read(i);
        counter.Start();
        for (var i = 0; i < 200; i++) await Read(i);

        Assert.True(counter.Count == 0, $"{counter.Count} dynamic methods compiled over 200 steady-state reads, e.g. {string.Join(", ", counter.Names)}");
    }
}
