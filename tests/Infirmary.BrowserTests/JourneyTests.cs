using System.Globalization;
using Microsoft.Playwright;

namespace Infirmary.BrowserTests;

/// <summary>What staff do in a real browser against the real server: sign in, register, find, audit.</summary>
[Collection(ServerCollection.Name)]
public sealed class JourneyTests(ServerFixture server) : IAsyncLifetime
{
    private IBrowserContext _context = default!;
    private IPage _page = default!;

    // Demo credentials, as documented in the README.
    private const string Password = "Infirmary-Demo-2026";
    private const string AdminTotp = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    public async Task InitializeAsync()
    {
        _context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB", TimezoneId = "Europe/London" });
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync() => await _context.CloseAsync();

    /// <summary>Keeps a screenshot and the server's last log lines when a step fails, so a red run can be diagnosed.</summary>
    private async Task Step(string name, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception)
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
            await File.WriteAllTextAsync(Path.Combine(folder, $"{name}.server.log"), server.ServerLog);
            throw;
        }
    }

    private static string TestNhsNumber()
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

    [Fact]
    public async Task GivenLoginPage_WhenScannedWithAxe_ThenNoSeriousViolations()
    {
        await Step("login-axe", async () =>
        {
            await new LoginPage(_page, server.BaseUrl).OpenAsync();
            await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
            Assert.Empty(await Accessibility.SeriousViolationsAsync(_page));
        });
    }

    [Fact]
    public async Task GivenReceptionist_WhenRegisteringAndFindingAPatient_ThenBannerShowsThemAndPagesAreAccessible()
    {
        var nhs = TestNhsNumber();
        var spaced = $"{nhs[..3]} {nhs[3..6]} {nhs[6..]}";
        await Step("register-signin", async () =>
        {
            await new LoginPage(_page, server.BaseUrl).SignInAsync("reception", Password);
            await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Rachel Evans");
        });

        await Step("register-form", async () =>
        {
            var register = new RegisterPatientPage(_page, server.BaseUrl);
            await register.OpenAsync();
            Assert.Empty(await Accessibility.SeriousViolationsAsync(_page));
            await register.RegisterAsync(nhs, "Florence", "Browsertest", 12, 5, 1948, "ls9 7tf");
            await Assertions.Expect(_page.GetByRole(AriaRole.Status)).ToContainTextAsync("The patient has been registered");
            await Assertions.Expect(_page.GetByTestId("banner-nhs")).ToHaveTextAsync(spaced);
            await Assertions.Expect(_page.Locator(".patient-banner")).ToContainTextAsync("12-May-1948");
            await Assertions.Expect(_page.Locator(".summary-list")).ToContainTextAsync("LS9 7TF");
            Assert.Empty(await Accessibility.SeriousViolationsAsync(_page));
        });

        await Step("register-find", async () =>
        {
            await new FindPatientPage(_page, server.BaseUrl).SearchByNhsNumberAsync(spaced);
            await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "1 patient found" })).ToBeVisibleAsync();
            Assert.Empty(await Accessibility.SeriousViolationsAsync(_page));
            await _page.GetByRole(AriaRole.Link, new() { Name = "BROWSERTEST, Florence" }).ClickAsync();
            await Assertions.Expect(_page.GetByTestId("banner-nhs")).ToHaveTextAsync(spaced);
        });
    }

    [Fact]
    public async Task GivenInvalidNhsNumber_WhenRegistering_ThenErrorSummaryLinksToTheField()
    {
        await Step("invalid-nhs", async () =>
        {
            await new LoginPage(_page, server.BaseUrl).SignInAsync("records", Password);
            var register = new RegisterPatientPage(_page, server.BaseUrl);
            await register.OpenAsync();
            await register.RegisterAsync("943 476 5918", "Ann", "Checkdigit", 1, 1, 1970, "LS1 4AP");
            await Assertions.Expect(_page.GetByRole(AriaRole.Alert)).ToContainTextAsync("check digit does not match");
            await Assertions.Expect(_page.Locator("#nhsNumber-error")).ToBeVisibleAsync();
            Assert.Empty(await Accessibility.SeriousViolationsAsync(_page));
        });
    }

    [Fact]
    public async Task GivenAdministrator_WhenSigningInWithSecurityCode_ThenAuditTrailShowsEvents()
    {
        await Step("admin-audit", async () =>
        {
            var login = new LoginPage(_page, server.BaseUrl);
            await login.SignInAsync("admin", Password);
            await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Enter your security code" })).ToBeVisibleAsync();
            await login.EnterSecurityCodeAsync(AdminTotp);
            await _page.GetByRole(AriaRole.Link, new() { Name = "Audit trail", Exact = true }).First.ClickAsync();
            await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Audit trail" })).ToBeVisibleAsync();
            await Assertions.Expect(_page.Locator("table tbody tr").First).ToContainTextAsync("login");
            Assert.Empty(await Accessibility.SeriousViolationsAsync(_page));
        });
    }

    /// <summary>The work pages of each module, as the people who use them see them: they open and pass axe.</summary>
    [Theory]
    [InlineData("pharmacist", "/pharmacy/formulary?name=simvastatin", "Formulary")]
    [InlineData("pharmacist", "/pharmacy/screen", "Screen medicines")]
    [InlineData("biomed", "/laboratory/interface", "Analyser interface")]
    [InlineData("physicist", "/physics/calibrations/new", "TG-51 photon output calibration")]
    [InlineData("physicist", "/physics/calibrations", null)]
    [InlineData("physicist", "/physics/mu-checks/new", "Independent MU check")]
    [InlineData("caldicott", "/caldicott/break-glass", "Break-glass reviews")]
    [InlineData("records", "/patients?family=Smith", "Find a patient")]
    [InlineData("reception", "/scheduling/reception", "Arrivals")]
    [InlineData("reception", "/scheduling/book?nhs=9991000003", "Book an appointment")]
    [InlineData("practice", "/scheduling/clinics", "Clinics")]
    [InlineData("reception", "/scheduling/transport", "Patient transport")]
    public async Task GivenStaffMember_WhenOpeningTheirWorkPages_ThenPagesShowAndHaveNoSeriousAccessibilityViolations(string user, string path, string? heading)
    {
        await Step($"page-{user}-{path.Replace('/', '_').Replace('?', '_').Replace('=', '_')}", async () =>
        {
            await new LoginPage(_page, server.BaseUrl).SignInAsync(user, Password);
            await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await _page.GotoAsync($"{server.BaseUrl}{path}");
            var h1 = _page.GetByRole(AriaRole.Heading, new() { Level = 1 });
            if (heading is not null)
            {
                await Assertions.Expect(h1).ToHaveTextAsync(heading);
            }
            else
            {
                await Assertions.Expect(h1).ToBeVisibleAsync();
            }

            Assert.DoesNotContain("/account/", _page.Url, StringComparison.Ordinal);
            Assert.Empty(await Accessibility.SeriousViolationsAsync(_page));
        });
    }
}
