using NetArchTest.Rules;
using Tactics.Api.Tests.Architecture;

namespace Tactics.Api.Tests.Notifications;

/// <summary>Event routing decides for explicit agencies: it never impersonates a recipient through a request or its claims.</summary>
public sealed class EventRoutingArchitectureTests
{
    [Fact]
    public void Recipient_resolution_and_dispatch_use_no_http_context_and_no_token_claims()
    {
        var result = Types.InAssembly(ArchitectureTests.ApiAssembly).That()
            .ResideInNamespace("Tactics.Api.Features.Notifications.Recipients")
            .Or().ResideInNamespace("Tactics.Api.Features.Notifications.Dispatch")
            .ShouldNot().HaveDependencyOnAny("Microsoft.AspNetCore.Http", "System.Security.Claims", "Tactics.Api.Infrastructure.Auth")
            .GetResult();

        Assert.Contains(result.SelectedTypesForTesting, t => t.Name == "CaseEventRecipients");
        Assert.True(result.IsSuccessful, string.Join("\n", (result.FailingTypes ?? []).Select(t => t.FullName)));
    }

    [Fact]
    public void The_event_catalogue_is_pure()
    {
        var result = Types.InAssembly(ArchitectureTests.ApiAssembly).That().HaveName("EventCatalogue")
            .ShouldNot().HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "Tactics.Api.Infrastructure", "Tactics.Api.Features")
            .GetResult();

        Assert.Single(result.SelectedTypesForTesting);
        Assert.True(result.IsSuccessful, string.Join("\n", (result.FailingTypes ?? []).Select(t => t.FullName)));
    }
}
