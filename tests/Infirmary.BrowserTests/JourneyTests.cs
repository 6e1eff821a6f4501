using System.Globalization;
using Microsoft.Playwright;

namespace Infirmary.BrowserTests;

/// <summary>What staff do in a real browser against the real server: sign in, register, find, audit.</summary>
[Collection(ServerCollection.Name)]
public sealed class JourneyTests(ServerFixture server) : JourneyBase(server)
{
    [Fact]
    public async Task GivenLoginPage_WhenScannedWithAxe_ThenNoSeriousViolations()
    {
        await Step("login-axe", async () =>
        {
            await new LoginPage(Page, Server.BaseUrl).OpenAsync();
            await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
            Assert.Empty(await Accessibility.SeriousViolationsAsync(Page));
        });
    }

    [Fact]
    public async Task GivenReceptionist_WhenRegisteringAndFindingAPatient_ThenBannerShowsThemAndPagesAreAccessible()
    {
        var nhs = TestNhsNumber();
        var spaced = $"{nhs[..3]} {nhs[3..6]} {nhs[6..]}";
        await Step("register-signin", async () =>
        {
            await new LoginPage(Page, Server.BaseUrl).SignInAsync("reception", Password);
            await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Rachel Evans");
        });

        await Step("register-form", async () =>
        {
            var register = new RegisterPatientPage(Page, Server.BaseUrl);
            await register.OpenAsync();
            Assert.Empty(await Accessibility.SeriousViolationsAsync(Page));
            await register.RegisterAsync(nhs, "Florence", "Browsertest", 12, 5, 1948, "ls9 7tf");
            await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("The patient has been registered");
            await Assertions.Expect(Page.GetByTestId("banner-nhs")).ToHaveTextAsync(spaced);
            await Assertions.Expect(Page.Locator(".patient-banner")).ToContainTextAsync("12-May-1948");
            await Assertions.Expect(Page.Locator(".summary-list")).ToContainTextAsync("LS9 7TF");
            Assert.Empty(await Accessibility.SeriousViolationsAsync(Page));
        });

        await Step("register-find", async () =>
        {
            await new FindPatientPage(Page, Server.BaseUrl).SearchByNhsNumberAsync(spaced);
            await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "1 patient found" })).ToBeVisibleAsync();
            Assert.Empty(await Accessibility.SeriousViolationsAsync(Page));
            await Page.GetByRole(AriaRole.Link, new() { Name = "BROWSERTEST, Florence" }).ClickAsync();
            await Assertions.Expect(Page.GetByTestId("banner-nhs")).ToHaveTextAsync(spaced);
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
            await new LoginPage(Page, Server.BaseUrl).SignInAsync("records", Password);
            await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            var register = new RegisterPatientPage(Page, Server.BaseUrl);
            await register.OpenAsync();
            await register.RegisterAsync(firstNhs, "Florence", family, 3, 2, 1951, "LS2 9JT");
            // Other tests share this server: if someone similar is already there, say so and go on.
            await Page.Locator(".success-panel, .warning-callout").First.WaitForAsync();
            if (await Page.Locator(".warning-callout").CountAsync() > 0)
            {
                await Page.GetByLabel("I have checked").CheckAsync();
                await Page.GetByRole(AriaRole.Button, new() { Name = "Register patient" }).ClickAsync();
            }

            await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("The patient has been registered");
            await register.OpenAsync();
            await register.RegisterAsync(dupNhs, "Florence", family, 3, 2, 1951, "LS2 9JT");
            await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This patient may already have a record");
            await Page.GetByLabel("I have checked").CheckAsync();
            await Page.GetByRole(AriaRole.Button, new() { Name = "Register patient" }).ClickAsync();
            await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("The patient has been registered");
        });

        await Step("merge-propose", async () =>
        {
            await Page.GetByRole(AriaRole.Link, new() { Name = "Find duplicates to merge" }).ClickAsync();
            await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Find a duplicate of this record");
            Assert.Empty(await Accessibility.SeriousViolationsAsync(Page));
            await Page.GetByRole(AriaRole.Link, new() { Name = $"Compare with {family.ToUpperInvariant()}, Florence" }).First.ClickAsync();
            await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Compare two records");
            await Assertions.Expect(Page.Locator("td.compare--differ").First).ToBeVisibleAsync();
            Assert.Empty(await Accessibility.SeriousViolationsAsync(Page));
            await Page.GetByLabel("Why are these the same person?").FillAsync("Registered twice today; same person");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Propose this merge" }).ClickAsync();
            await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("a different person must confirm it");
            await Assertions.Expect(Page.GetByTestId("merge-status")).ToHaveTextAsync("Waiting for a second person to confirm");
        });
        var mergeUrl = Page.Url.Split('?')[0];

        var second = await Server.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB", TimezoneId = "Europe/London" });
        try
        {
            var page2 = await second.NewPageAsync();
            await Step("merge-confirm", async () =>
            {
                await new LoginPage(page2, Server.BaseUrl).SignInAsync("records2", Password);
                await Assertions.Expect(page2.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
                await page2.GotoAsync($"{Server.BaseUrl}/patients/merges");
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
            await Page.GotoAsync(mergeUrl);
            await Page.GetByLabel("Why was the merge wrong?").FillAsync("Confirmed with the GP: two different people");
            await Page.GetByLabel("I have checked").CheckAsync();
            Assert.Empty(await Accessibility.SeriousViolationsAsync(Page));
            await Page.GetByRole(AriaRole.Button, new() { Name = "Undo the merge" }).ClickAsync();
            await Assertions.Expect(Page.GetByTestId("merge-status")).ToHaveTextAsync("Undone");
        });

        await Step("casenotes-track", async () =>
        {
            await Page.GetByRole(AriaRole.Link, new() { Name = "Open the record kept" }).ClickAsync();
            await Page.GetByRole(AriaRole.Link, new() { Name = "Case notes: volumes and where they are" }).ClickAsync();
            await Page.GetByRole(AriaRole.Button, new() { Name = "Open a new volume" }).ClickAsync();
            await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("A new volume has been opened");
            Assert.Empty(await Accessibility.SeriousViolationsAsync(Page));
            var barcode = $"CN{dupNhs}V01"; // the record kept is the one the merge was started from
            await Page.GotoAsync($"{Server.BaseUrl}/case-notes/scan");
            await Page.GetByLabel("Destination").SelectOptionAsync(new SelectOptionValue { Label = "Cardiology clinic (CLIN-CARD)" });
            await Page.GetByLabel("Volume barcode").FillAsync(barcode);
            await Page.GetByLabel("Volume barcode").PressAsync("Enter");
            await Assertions.Expect(Page.GetByTestId("scan-result")).ToContainTextAsync("Cardiology clinic");
            Assert.Empty(await Accessibility.SeriousViolationsAsync(Page));
            await Page.GetByLabel("Destination").SelectOptionAsync(new SelectOptionValue { Label = "Health records library (LIB)" });
            await Page.GetByLabel("Volume barcode").FillAsync(barcode);
            await Page.GetByLabel("Volume barcode").PressAsync("Enter");
            await Assertions.Expect(Page.GetByTestId("scan-result")).ToContainTextAsync("Health records library");
        });
    }

    [Fact]
    public async Task GivenInvalidNhsNumber_WhenRegistering_ThenErrorSummaryLinksToTheField()
    {
        await Step("invalid-nhs", async () =>
        {
            await new LoginPage(Page, Server.BaseUrl).SignInAsync("records", Password);
            var register = new RegisterPatientPage(Page, Server.BaseUrl);
            await register.OpenAsync();
            await register.RegisterAsync("943 476 5918", "Ann", "Checkdigit", 1, 1, 1970, "LS1 4AP");
            await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("check digit does not match");
            await Assertions.Expect(Page.Locator("#nhsNumber-error")).ToBeVisibleAsync();
            Assert.Empty(await Accessibility.SeriousViolationsAsync(Page));
        });
    }

    [Fact]
    public async Task GivenAdministrator_WhenSigningInWithSecurityCode_ThenAuditTrailShowsEvents()
    {
        await Step("admin-audit", async () =>
        {
            var login = new LoginPage(Page, Server.BaseUrl);
            await login.SignInAsync("admin", Password);
            await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Enter your security code" })).ToBeVisibleAsync();
            await login.EnterSecurityCodeAsync(AdminTotp);
            await Page.GetByRole(AriaRole.Link, new() { Name = "Audit trail", Exact = true }).First.ClickAsync();
            await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Audit trail" })).ToBeVisibleAsync();
            await Assertions.Expect(Page.Locator("table tbody tr").First).ToContainTextAsync("login");
            Assert.Empty(await Accessibility.SeriousViolationsAsync(Page));
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
            await new LoginPage(Page, Server.BaseUrl).SignInAsync(user, Password);
            await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await Page.GotoAsync($"{Server.BaseUrl}{path}");
            var h1 = Page.GetByRole(AriaRole.Heading, new() { Level = 1 });
            if (heading is not null)
            {
                await Assertions.Expect(h1).ToHaveTextAsync(heading);
            }
            else
            {
                await Assertions.Expect(h1).ToBeVisibleAsync();
            }

            Assert.DoesNotContain("/account/", Page.Url, StringComparison.Ordinal);
            Assert.Empty(await Accessibility.SeriousViolationsAsync(Page));
        });
    }

    /// <summary>Issue 8's browser journey: a manager builds and publishes a ward rota; a nurse sees it and asks to swap.</summary>
    [Fact]
    public async Task GivenWardManager_WhenBuildingAndPublishingARota_ThenANurseSeesTheirShiftsAndCanAskToSwap()
    {
        await Step("rota-build", async () =>
        {
            await new LoginPage(Page, Server.BaseUrl).SignInAsync("service", Password);
            await Page.GetByRole(AriaRole.Link, new() { Name = "Rotas", Exact = true }).First.ClickAsync();
            await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Rotas", Exact = true, Level = 1 })).ToBeVisibleAsync();
            await Page.GetByLabel("Ward or team").SelectOptionAsync(new SelectOptionValue { Label = "Ward 7B (cardiology)" });
            await Page.GetByLabel("Weeks").SelectOptionAsync("1");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Build rota" }).ClickAsync();
            // The build page shows the search's progress, refreshing each second, then opens the rota: a few seconds.
            await Assertions.Expect(Page.GetByTestId("rota-grid")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Assertions.Expect(Page.GetByTestId("rota-status")).ToContainTextAsync("Draft");
            Assert.Empty(await Accessibility.SeriousViolationsAsync(Page));
            if (await Page.GetByLabel("Reason for publishing with rules broken").CountAsync() > 0)
            {
                await Page.GetByLabel("Reason for publishing with rules broken").FillAsync("Agreed with the matron");
            }

            await Page.GetByRole(AriaRole.Button, new() { Name = "Publish rota" }).ClickAsync();
            await Assertions.Expect(Page.GetByTestId("rota-status")).ToContainTextAsync("Published");
        });

        await Step("rota-nurse", async () =>
        {
            await Context.ClearCookiesAsync();
            await new LoginPage(Page, Server.BaseUrl).SignInAsync("nurse", Password);
            await Page.GetByRole(AriaRole.Link, new() { Name = "My shifts", Exact = true }).First.ClickAsync();
            var shifts = Page.GetByTestId("my-shifts");
            await Assertions.Expect(shifts).ToBeVisibleAsync();
            Assert.True(await shifts.Locator("tbody tr").CountAsync() >= 1);
            // Offer the first shift for the colleague's next day (a day the nurse is not working is always accepted).
            var mine = await Page.GetByLabel("My shift").InputValueAsync();
            var next = DateOnly.Parse(mine, CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await Page.GetByLabel("Their day I take instead").FillAsync(next);
            await Page.GetByRole(AriaRole.Button, new() { Name = "Ask for swap" }).ClickAsync();
            await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your swap request has gone to your manager");
            await Assertions.Expect(Page.GetByTestId("my-swaps")).ToContainTextAsync("requested");
        });
    }
}
