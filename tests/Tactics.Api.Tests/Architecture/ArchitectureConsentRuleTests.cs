using NetArchTest.Rules;
using Tactics.Api.Sharing.Ledger;
using static Tactics.Api.Tests.Architecture.ArchitectureTests;

namespace Tactics.Api.Tests.Architecture;

/// <summary>
/// The consent ledger and the 458ter consultations are the policy's facts: only the policy (SharingNamespace) reads them,
/// and only persistence stores them, so no feature can decide on them around the policy.
/// </summary>
public sealed class ArchitectureConsentRuleTests
{
    private static readonly string[] PolicyFacts =
    [
        typeof(ConsentGrant).FullName!, typeof(ConsentRevocation).FullName!, typeof(CaseConsultation).FullName!,
    ];

    [Fact]
    public void Only_the_policy_and_persistence_use_the_consent_ledger_and_the_consultations() =>
        AssertNoTypeDependsOn(
            Types.InAssembly(ApiAssembly).That()
                .DoNotResideInNamespace(SharingNamespace)
                .And().DoNotResideInNamespace(PersistenceNamespace)
                .And().AreNotOfType(typeof(ConsentGrant), typeof(ConsentRevocation), typeof(CaseConsultation)),
            PolicyFacts);
}
