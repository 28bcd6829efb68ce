using Tactics.Api.Domain.Agencies;
using Tactics.Api.Sharing;

namespace Tactics.Api.Tests.Board;

/// <summary>The board's rules (Sharing/BoardPolicy), without a database: who reads and assigns, what an item shows, who reads a decision.</summary>
public sealed class BoardPolicyTests
{
    private static SharingCaller Caller(string code, AgencyKind kind, string role = "member") => new(code, kind, new HashSet<string> { role });

    private static CaseVisibility Sees(SharingBasis basis, params DataCategory[] categories) => new(categories.ToDictionary(c => c, _ => basis), []);

    [Theory]
    [InlineData(AgencyKind.Parquet, true)]
    [InlineData(AgencyKind.Police, true)]
    [InlineData(AgencyKind.Sapv, false)]
    [InlineData(AgencyKind.JusticeHouse, false)]
    [InlineData(AgencyKind.Cpas, false)]
    [InlineData(AgencyKind.Coordination, false)]
    public void Parquet_and_police_read_the_board(AgencyKind kind, bool reads) => Assert.Equal(reads, BoardPolicy.MayReadBoard(Caller("x", kind)));

    [Fact]
    public void A_parquet_referent_assigns_and_no_one_else()
    {
        Assert.True(BoardPolicy.MayAssign(Caller("parquet-bruxelles", AgencyKind.Parquet, "referent")));
        Assert.False(BoardPolicy.MayAssign(Caller("parquet-bruxelles", AgencyKind.Parquet)));
        Assert.False(BoardPolicy.MayAssign(Caller("police-5344", AgencyKind.Police, "referent")));
    }

    [Fact]
    public void A_zone_reads_its_own_zone_and_a_parquet_its_districts_zones_and_its_disclosures()
    {
        Assert.Equal(new BoardScope("5344", null, null), BoardPolicy.ScopeOf(Caller("police-5344", AgencyKind.Police), "5344", "bruxelles"));
        Assert.Equal(new BoardScope(null, "bruxelles", "parquet-bruxelles"), BoardPolicy.ScopeOf(Caller("parquet-bruxelles", AgencyKind.Parquet), null, "bruxelles"));
        Assert.Null(BoardPolicy.ScopeOf(Caller("sapv-5344", AgencyKind.Sapv), "5344", "bruxelles"));
    }

    [Fact]
    public void An_item_shows_the_case_data_its_reader_sees_and_nothing_of_a_case_it_does_not()
    {
        Assert.Equal(BoardItemFields.BoardOnly, BoardPolicy.FieldsFor(null));
        Assert.Equal(new BoardItemFields(true, true, true, true), BoardPolicy.FieldsFor(Sees(SharingBasis.LegalMission,
            DataCategory.Core, DataCategory.Facts, DataCategory.Risk, DataCategory.Judicial)));
        // Seen on consent: the case, not the household link, nor risk or judicial data it was not given.
        Assert.Equal(new BoardItemFields(true, false, false, false), BoardPolicy.FieldsFor(Sees(SharingBasis.Consent, DataCategory.Core, DataCategory.Facts)));
    }

    [Fact]
    public void A_decision_on_a_PV_is_judicial_and_one_on_a_disclosure_the_addressed_parquets_alone()
    {
        var chain = Sees(SharingBasis.LegalMission, DataCategory.Core, DataCategory.Judicial);
        var police = Caller("police-5344", AgencyKind.Police);
        var brussels = Caller("parquet-bruxelles", AgencyKind.Parquet);
        Assert.True(BoardPolicy.ForDecision(police, null, chain));
        Assert.False(BoardPolicy.ForDecision(police, null, Sees(SharingBasis.LegalMission, DataCategory.Core)));
        Assert.True(BoardPolicy.ForDecision(brussels, "parquet-bruxelles", chain));
        Assert.False(BoardPolicy.ForDecision(police, "parquet-bruxelles", chain));
        Assert.False(BoardPolicy.ForDecision(Caller("parquet-antwerpen", AgencyKind.Parquet), "parquet-bruxelles", chain));
    }
}
