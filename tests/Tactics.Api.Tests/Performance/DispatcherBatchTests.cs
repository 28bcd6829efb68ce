using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Features.Notifications.Recipients;
using Tactics.Api.Sharing;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Policy;

namespace Tactics.Api.Tests.Performance;

/// <summary>
/// The dispatcher decides for every candidate agency of a batch at once (issue 10): the same number of statements for one
/// agency as for nine, and, for every (agency, case) pair, the very decision a request of that agency gets from the loader.
/// </summary>
[Collection(SteadyStateCollection.Name)]
public sealed class DispatcherBatchTests(ApiFixture api)
{
    private static readonly string[] Agencies =
    [
        "police-5344", "police-5345", "sapv-5344", "parquet-bruxelles", "cpas-saint-josse", "health-cpvs-bruxelles",
        "victim-support-refuge-bruxelles", "justice-house-bruxelles", "coordination-olista",
    ];

    /// <summary>Cases on every basis: owner and territory, a consent, a confidential address, another zone, a release (act 8).</summary>
    private async Task<Guid[]> CasesAsync()
    {
        using var police = await api.ClientFor("police-5344");
        var consented = await api.OpenCaseAs("police-5344");
        await police.GrantConsent(consented, SharingKit.ToAgency("cpas-saint-josse"), ["identity"]);
        var confidential = await api.OpenCaseAs("sapv-5344", confidential: true);
        var antwerp = await api.OpenCaseAs("police-5345", postcode: "2000");
        var released = await api.OpenCaseAs("parquet-bruxelles", confidential: true);
        using var parquet = await api.ClientFor("parquet-bruxelles");
        await parquet.Release(released);
        return [consented, confidential, antwerp, released];
    }

    private static string Describe(IReadOnlyDictionary<(string Agency, Guid CaseId), CaseVisibility> decided, string agency, Guid caseId) =>
        decided.TryGetValue((agency, caseId), out var visibility)
            ? string.Join(",", visibility.Granted.OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Value}")) + $"|{visibility.ReachedByLegalMission}"
            : "none";

    [Fact]
    public async Task One_agency_or_nine_cost_the_same_statements()
    {
        var cases = await CasesAsync();
        await using var host = new StatementCountHost(api);
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var visibilities = scope.ServiceProvider.GetRequiredService<IAgencyVisibilities>();
        var now = DateTimeOffset.UtcNow;
        await visibilities.DecideAsync([(Agencies[0], cases[0])], now, TestContext.Current.CancellationToken);

        using (StatementCounter.Mark("one"))
        {
            await visibilities.DecideAsync([.. cases.Select(c => (Agencies[0], c))], now, TestContext.Current.CancellationToken);
        }
        using (StatementCounter.Mark("nine"))
        {
            await visibilities.DecideAsync([.. Agencies.SelectMany(a => cases.Select(c => (a, c)))], now, TestContext.Current.CancellationToken);
        }

        var one = host.Counter.Of("one");
        var nine = host.Counter.Of("nine");
        Assert.True(one.Count > 0 && one.Count == nine.Count,
            $"one agency: {one.Count} statements; nine agencies: {nine.Count}:\n{string.Join("\n", nine)}");
    }

    [Fact]
    public async Task Each_pair_gets_the_decision_a_request_of_that_agency_gets()
    {
        var cases = await CasesAsync();
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var visibilities = scope.ServiceProvider.GetRequiredService<IAgencyVisibilities>();
        var loader = scope.ServiceProvider.GetRequiredService<CaseFactsLoader>();
        var now = DateTimeOffset.UtcNow;
        var ct = TestContext.Current.CancellationToken;

        var batch = await visibilities.DecideAsync([.. Agencies.SelectMany(a => cases.Select(c => (a, c)))], now, ct);

        var reached = 0;
        foreach (var agency in Agencies)
        {
            var one = await loader.VisibilitiesAsync(await loader.AgencyAsync(agency, ct), new HashSet<string>(), cases, now, ct);
            var single = one.ToDictionary(p => (agency, p.Key), p => p.Value);
            foreach (var caseId in cases)
            {
                Assert.Equal(Describe(single, agency, caseId), Describe(batch, agency, caseId));
                if (single.ContainsKey((agency, caseId))) reached++;
            }
        }
        // The comparison weighs agencies that reach cases and agencies that do not.
        Assert.InRange(reached, 5, Agencies.Length * cases.Length - 5);
    }
}
