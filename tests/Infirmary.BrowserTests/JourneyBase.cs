using System.Globalization;
using Microsoft.Playwright;

namespace Infirmary.BrowserTests;

/// <summary>
/// What every journey needs: its own browser context (British locale and time zone) on the shared server, the demo
/// credentials, and steps that keep a screenshot and the server's log when they fail.
/// </summary>
public abstract class JourneyBase(ServerFixture server) : IAsyncLifetime
{
    // Demo credentials, as documented in the README.
    protected const string Password = "Infirmary-Demo-2026";
    protected const string AdminTotp = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    protected ServerFixture Server => server;

    protected IBrowserContext Context { get; private set; } = default!;

    protected IPage Page { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB", TimezoneId = "Europe/London" });
        Page = await Context.NewPageAsync();
    }

    public async Task DisposeAsync() => await Context.CloseAsync();

    /// <summary>Keeps a screenshot and the server's last log lines when a step fails, so a red run can be diagnosed.</summary>
    protected async Task Step(string name, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception)
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
            await File.WriteAllTextAsync(Path.Combine(folder, $"{name}.server.log"), server.ServerLog);
            throw;
        }
    }

    /// <summary>Signs out (by forgetting the cookies) and signs in as another member of staff.</summary>
    protected async Task SignInAsAsync(string user)
    {
        await Context.ClearCookiesAsync();
        await new LoginPage(Page, server.BaseUrl).SignInAsync(user, Password);
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    /// <summary>A valid NHS number in the 999 test range (modulus 11), different each run.</summary>
    protected static string TestNhsNumber()
    {
        while (true)
        {
            var nine = "999" + Random.Shared.Next(900_000, 999_999).ToString(CultureInfo.InvariantCulture);
            var sum = 0;
            for (var i = 0; i < 9; i++)
            {
                sum += (nine[i] - '0') * (10 - i);
            }

            var check = 11 - (sum % 11);
            if (check == 10)
            {
                continue;
            }

            return nine + (check == 11 ? 0 : check).ToString(CultureInfo.InvariantCulture);
        }
    }
}
