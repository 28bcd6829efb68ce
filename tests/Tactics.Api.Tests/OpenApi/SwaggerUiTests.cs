using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.OpenApi;

/// <summary>
/// The Swagger UI in a real browser, against the API on Kestrel: a partner's developer authorizes with a
/// dev token and tries a route. Guards the Swashbuckle 10 regression where the UI stopped sending the token.
/// </summary>
public sealed class SwaggerUiTests(ApiFixture api)
{
    private const string Chromium = "/usr/bin/chromium";
    private const float WaitMs = 60_000;

    [Fact] // every browser wait below is bounded by WaitMs, so no test-level timeout
    public async Task Try_it_out_sends_the_authorized_bearer_token_and_shows_200()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (make test does it)");

        // The fixture already migrated and seeded the database; this host only serves it over a real socket.
        await using var factory = new TacticsApiFactory(api.ConnectionString, new Dictionary<string, string?>
        {
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedDemoAgencies"] = "false",
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var baseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First().TrimEnd('/');
        var token = await api.TokenFor("police-5344");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            Timeout = WaitMs,
        });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(WaitMs);

        await page.GotoAsync($"{baseUrl}/swagger");
        await page.Locator("button.authorize").First.ClickAsync();
        var dialog = page.Locator(".modal-ux");
        await dialog.Locator("#auth-bearer-value").FillAsync(token);
        await dialog.Locator(".auth-btn-wrapper button.authorize").ClickAsync();
        // Once authorized the dialog offers Logout instead of Authorize: the token is held by the UI.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Remove authorization" }).WaitForAsync();
        await dialog.Locator("button.btn-done").ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Detached });

        var operation = page.Locator("#operations-Agencies-ListAgencies");
        await operation.Locator(".opblock-summary-control").ClickAsync();
        await operation.Locator("button.try-out__btn").ClickAsync();
        var response = await page.RunAndWaitForResponseAsync(
            () => operation.Locator("button.execute").ClickAsync(),
            r => r.Url.StartsWith($"{baseUrl}/api/v1/agencies", StringComparison.Ordinal));

        Assert.True($"Bearer {token}" == await response.Request.HeaderValueAsync("authorization"),
            "The Swagger UI did not send the authorized bearer token.");
        Assert.Equal(200, response.Status);
        var shownStatus = operation.Locator(".live-responses-table .response .response-col_status");
        await Assertions.Expect(shownStatus).ToHaveTextAsync("200", new() { Timeout = WaitMs });
    }
}
