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

    /// <summary>
    /// The health records journey of issue 3: register a near-duplicate and be warned, merge it (two clerks), undo the
    /// merge, and track a case-note volume to a clinic and back with the scan box.
    /// </summary>
    [Fact]
    public async Task GivenANearDuplicate_WhenTwoClerksMergeAndOneUndoes_ThenRecordsAndCaseNotesFollow()
    {
        var family = "Dupetest" + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var firstNhs = TestNhsNumber();
        var dupNhs = TestNhsNumber();
        await Step("merge-register", async () =>
        {
            await new LoginPage(_page, server.BaseUrl).SignInAsync("records", Password);
            await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            var register = new RegisterPatientPage(_page, server.BaseUrl);
            await register.OpenAsync();
            await register.RegisterAsync(firstNhs, "Florence", family, 3, 2, 1951, "LS2 9JT");
            // Other tests share this server: if someone similar is already there, say so and go on.
            await _page.Locator(".success-panel, .warning-callout").First.WaitForAsync();
            if (await _page.Locator(".warning-callout").CountAsync() > 0)
            {
                await _page.GetByLabel("I have checked").CheckAsync();
                await _page.GetByRole(AriaRole.Button, new() { Name = "Register patient" }).ClickAsync();
            }

            await Assertions.Expect(_page.GetByRole(AriaRole.Status)).ToContainTextAsync("The patient has been registered");
            await register.OpenAsync();
            await register.RegisterAsync(dupNhs, "Florence", family, 3, 2, 1951, "LS2 9JT");
            await Assertions.Expect(_page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This patient may already have a record");
            await _page.GetByLabel("I have checked").CheckAsync();
            await _page.GetByRole(AriaRole.Button, new() { Name = "Register patient" }).ClickAsync();
            await Assertions.Expect(_page.GetByRole(AriaRole.Status)).ToContainTextAsync("The patient has been registered");
        });

        await Step("merge-propose", async () =>
        {
            await _page.GetByRole(AriaRole.Link, new() { Name = "Find duplicates to merge" }).ClickAsync();
            await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Find a duplicate of this record");
            Assert.Empty(await Accessibility.SeriousViolationsAsync(_page));
            await _page.GetByRole(AriaRole.Link, new() { Name = $"Compare with {family.ToUpperInvariant()}, Florence" }).First.ClickAsync();
            await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Compare two records");
            await Assertions.Expect(_page.Locator("td.compare--differ").First).ToBeVisibleAsync();
            Assert.Empty(await Accessibility.SeriousViolationsAsync(_page));
            await _page.GetByLabel("Why are these the same person?").FillAsync("Registered twice today; same person");
            await _page.GetByRole(AriaRole.Button, new() { Name = "Propose this merge" }).ClickAsync();
            await Assertions.Expect(_page.GetByRole(AriaRole.Status)).ToContainTextAsync("a different person must confirm it");
            await Assertions.Expect(_page.GetByTestId("merge-status")).ToHaveTextAsync("Waiting for a second person to confirm");
        });
        var mergeUrl = _page.Url.Split('?')[0];

        var second = await server.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB", TimezoneId = "Europe/London" });
        try
        {
            var page2 = await second.NewPageAsync();
            await Step("merge-confirm", async () =>
            {
                await new LoginPage(page2, server.BaseUrl).SignInAsync("records2", Password);
                await Assertions.Expect(page2.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
                await page2.GotoAsync($"{server.BaseUrl}/patients/merges");
                Assert.Empty(await Accessibility.SeriousViolationsAsync(page2));
                await page2.GotoAsync(mergeUrl);
                Assert.Empty(await Accessibility.SeriousViolationsAsync(page2));
                await page2.GetByRole(AriaRole.Button, new() { Name = "Confirm and merge" }).ClickAsync();
                await Assertions.Expect(page2.GetByTestId("merge-status")).ToHaveTextAsync("Merged");
            });
        }
        finally
        {
            await second.CloseAsync();
        }

        await Step("merge-undo", async () =>
        {
            await _page.GotoAsync(mergeUrl);
            await _page.GetByLabel("Why was the merge wrong?").FillAsync("Confirmed with the GP: two different people");
            await _page.GetByLabel("I have checked").CheckAsync();
            Assert.Empty(await Accessibility.SeriousViolationsAsync(_page));
            await _page.GetByRole(AriaRole.Button, new() { Name = "Undo the merge" }).ClickAsync();
            await Assertions.Expect(_page.GetByTestId("merge-status")).ToHaveTextAsync("Undone");
        });

        await Step("casenotes-track", async () =>
        {
            await _page.GetByRole(AriaRole.Link, new() { Name = "Open the record kept" }).ClickAsync();
            await _page.GetByRole(AriaRole.Link, new() { Name = "Case notes: volumes and where they are" }).ClickAsync();
            await _page.GetByRole(AriaRole.Button, new() { Name = "Open a new volume" }).ClickAsync();
            await Assertions.Expect(_page.GetByRole(AriaRole.Status)).ToContainTextAsync("A new volume has been opened");
            Assert.Empty(await Accessibility.SeriousViolationsAsync(_page));
            var barcode = $"CN{dupNhs}V01"; // the record kept is the one the merge was started from
            await _page.GotoAsync($"{server.BaseUrl}/case-notes/scan");
            await _page.GetByLabel("Destination").SelectOptionAsync(new SelectOptionValue { Label = "Cardiology clinic (CLIN-CARD)" });
            await _page.GetByLabel("Volume barcode").FillAsync(barcode);
            await _page.GetByLabel("Volume barcode").PressAsync("Enter");
            await Assertions.Expect(_page.GetByTestId("scan-result")).ToContainTextAsync("Cardiology clinic");
            Assert.Empty(await Accessibility.SeriousViolationsAsync(_page));
            await _page.GetByLabel("Destination").SelectOptionAsync(new SelectOptionValue { Label = "Health records library (LIB)" });
            await _page.GetByLabel("Volume barcode").FillAsync(barcode);
            await _page.GetByLabel("Volume barcode").PressAsync("Enter");
            await Assertions.Expect(_page.GetByTestId("scan-result")).ToContainTextAsync("Health records library");
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
    [InlineData("physicist", "/physics/calibrations/trs398/new", "TRS-398 photon output calibration")]
    [InlineData("physicist", "/physics/calibrations", null)]
    [InlineData("physicist", "/physics/mu-checks/new", "Independent MU check")]
    [InlineData("caldicott", "/caldicott/break-glass", "Break-glass reviews")]
    [InlineData("records", "/patients?family=Smith", "Find a patient")]
    [InlineData("service", "/workforce/staff", "Staff")]
    [InlineData("service", "/workforce/leave", "Leave requests")]
    [InlineData("nurse", "/workforce/me", "My shifts")]
    [InlineData("records", "/patients/merges", "Merges waiting for confirmation")]
    [InlineData("records", "/case-notes/scan", "Case-note scan box")]
    [InlineData("records", "/case-notes/worklist", "Overdue and missing case notes")]
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

    /// <summary>Issue 8's browser journey: a manager builds and publishes a ward rota; a nurse sees it and asks to swap.</summary>
    [Fact]
    public async Task GivenWardManager_WhenBuildingAndPublishingARota_ThenANurseSeesTheirShiftsAndCanAskToSwap()
    {
        await Step("rota-build", async () =>
        {
            await new LoginPage(_page, server.BaseUrl).SignInAsync("service", Password);
            await _page.GetByRole(AriaRole.Link, new() { Name = "Rotas", Exact = true }).First.ClickAsync();
            await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Rotas", Exact = true, Level = 1 })).ToBeVisibleAsync();
            await _page.GetByLabel("Ward or team").SelectOptionAsync(new SelectOptionValue { Label = "Ward 7B (cardiology)" });
            await _page.GetByLabel("Weeks").SelectOptionAsync("1");
            await _page.GetByRole(AriaRole.Button, new() { Name = "Build rota" }).ClickAsync();
            // The solver runs while the page waits: a few seconds.
            await Assertions.Expect(_page.GetByTestId("rota-grid")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Assertions.Expect(_page.GetByTestId("rota-status")).ToContainTextAsync("Draft");
            Assert.Empty(await Accessibility.SeriousViolationsAsync(_page));
            if (await _page.GetByLabel("Reason for publishing with rules broken").CountAsync() > 0)
            {
                await _page.GetByLabel("Reason for publishing with rules broken").FillAsync("Agreed with the matron");
            }

            await _page.GetByRole(AriaRole.Button, new() { Name = "Publish rota" }).ClickAsync();
            await Assertions.Expect(_page.GetByTestId("rota-status")).ToContainTextAsync("Published");
        });

        await Step("rota-nurse", async () =>
        {
            await _context.ClearCookiesAsync();
            await new LoginPage(_page, server.BaseUrl).SignInAsync("nurse", Password);
            await _page.GetByRole(AriaRole.Link, new() { Name = "My shifts", Exact = true }).First.ClickAsync();
            var shifts = _page.GetByTestId("my-shifts");
            await Assertions.Expect(shifts).ToBeVisibleAsync();
            Assert.True(await shifts.Locator("tbody tr").CountAsync() >= 1);
            // Offer the first shift for the colleague's next day (a day the nurse is not working is always accepted).
            var mine = await _page.GetByLabel("My shift").InputValueAsync();
            var next = DateOnly.Parse(mine, CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await _page.GetByLabel("Their day I take instead").FillAsync(next);
            await _page.GetByRole(AriaRole.Button, new() { Name = "Ask for swap" }).ClickAsync();
            await Assertions.Expect(_page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your swap request has gone to your manager");
            await Assertions.Expect(_page.GetByTestId("my-swaps")).ToContainTextAsync("requested");
        });
    }
}
