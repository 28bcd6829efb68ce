using System.Reflection;
using NetArchTest.Rules;

namespace Tactics.Api.Tests.Architecture;

/// <summary>
/// The layering the code relies on, checked on the compiled API assembly. Every rule asserts that it selected
/// types and that each forbidden name exists, so a renamed namespace makes it fail instead of pass on nothing.
/// </summary>
public sealed class ArchitectureTests
{
    internal static readonly Assembly ApiAssembly = typeof(Tactics.Api.Domain.Cases.Case).Assembly;

    internal const string DomainNamespace = "Tactics.Api.Domain";
    internal const string FeaturesNamespace = "Tactics.Api.Features";
    internal const string InfrastructureNamespace = "Tactics.Api.Infrastructure";
    internal const string PersistenceNamespace = "Tactics.Api.Infrastructure.Persistence";
    internal const string CommonNamespace = "Tactics.Api.Common";
    internal const string CommonErrorsNamespace = "Tactics.Api.Common.Errors";
    internal const string SharingNamespace = "Tactics.Api.Sharing";

    [Fact]
    public void Domain_depends_on_neither_features_infrastructure_nor_the_http_errors() =>
        AssertNoTypeDependsOn(
            Types.InAssembly(ApiAssembly).That().ResideInNamespace(DomainNamespace),
            FeaturesNamespace, InfrastructureNamespace, CommonErrorsNamespace);

    [Fact]
    public void Sharing_depends_on_no_feature() =>
        AssertNoTypeDependsOn(Types.InAssembly(ApiAssembly).That().ResideInNamespace(SharingNamespace), FeaturesNamespace);

    [Fact]
    public void Common_depends_on_no_feature() =>
        AssertNoTypeDependsOn(Types.InAssembly(ApiAssembly).That().ResideInNamespace(CommonNamespace), FeaturesNamespace);

    [Fact]
    public void Infrastructure_depends_on_no_feature() =>
        AssertNoTypeDependsOn(Types.InAssembly(ApiAssembly).That().ResideInNamespace(InfrastructureNamespace), FeaturesNamespace);

    [Fact]
    public void The_rules_see_a_dependency_that_exists()
    {
        // Features use the domain: a check that reported nothing here would pass every rule above by blindness.
        var result = Types.InAssembly(ApiAssembly).That().ResideInNamespace(FeaturesNamespace)
            .ShouldNot().HaveDependencyOnAny(DomainNamespace).GetResult();

        Assert.NotEmpty(result.SelectedTypesForTesting);
        Assert.False(result.IsSuccessful);
        Assert.NotEmpty(result.FailingTypes);
    }

    /// <summary>Fails naming each type of <paramref name="selected"/> that uses one of <paramref name="forbidden"/>, and why.</summary>
    internal static void AssertNoTypeDependsOn(PredicateList selected, params string[] forbidden)
    {
        foreach (var name in forbidden)
        {
            Assert.True(Exists(name), $"No namespace or type {name} in the API: the rule would check nothing.");
        }

        var result = selected.ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.NotEmpty(result.SelectedTypesForTesting);
        Assert.True(result.IsSuccessful, "These types depend on " + string.Join(", ", forbidden) + ":\n"
            + string.Join("\n", (result.FailingTypes ?? []).Select(t => $"  {t.FullName}: {t.Explanation}")));
    }

    private static bool Exists(string name) =>
        ApiAssembly.GetTypes().Any(t => t.FullName == name
            || (t.Namespace is { } ns && (ns == name || ns.StartsWith(name + ".", StringComparison.Ordinal))));
}
