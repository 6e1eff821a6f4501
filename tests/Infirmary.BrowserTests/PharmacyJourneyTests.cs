using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Infirmary.BrowserTests;

/// <summary>
/// The pharmacist's day in a real browser: a prescription with a severe interaction (methotrexate with trimethoprim)
/// and an allergy (amoxicillin for a penicillin-allergic patient) is screened, each alert is overridden with a
/// reason and the prescription approved; the technician dispenses the controlled drug on it by scanning the pack,
/// witnessed; a second person checks it; stock and the CD register move by exactly the quantity dispensed.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class PharmacyJourneyTests(ServerFixture server) : JourneyBase(server)
{
    // Demo formulary fixture codes (PharmacyDemoData): methotrexate 2.5 mg, trimethoprim 200 mg, amoxicillin 500 mg,
    // oxycodone 5 mg capsules (schedule 2).
    private const string Oxycodone = "Oxycodone 5mg capsules";

    [Fact]
    public async Task GivenRiskyPrescription_WhenScreenedOverriddenDispensedAndChecked_ThenStockAndCdRegisterMoveByTheQuantity()
    {
        var family = "Pharmjourney" + Guid.NewGuid().ToString("N")[..6];
        string prescriptionId = string.Empty;
        await Step("pharmacy-prescribe", async () =>
        {
            // The prescriber's system writes the prescription through the API (there is no prescribing page).
            await SignInAsAsync("clinician");
            var patient = await PostJsonAsync("/api/v1/patients", new
            {
                nhsNumber = TestNhsNumber(), givenName = "Iris", familyName = family, birthDate = "1958-06-14", sex = "Female",
                addressLine1 = "3 Mill Lane", town = "Leeds", postcode = "LS2 9JT", gpPracticeOds = "B86001",
            });
            var prescription = await PostJsonAsync("/api/v1/pharmacy/prescriptions", new
            {
                patientId = patient.GetProperty("id").GetString(),
                type = "discharge",
                allergies = new[] { "penicillin" },
                items = new object[]
                {
                    new { productCode = "9100007", doseMg = 7.5, frequency = "weekly", directions = "Take 7.5 mg once a week on Mondays", quantity = 12 },
                    new { productCode = "9100008", doseMg = 200, frequency = "BD", quantity = 14 },
                    new { productCode = "9100045", doseMg = 500, frequency = "TDS", quantity = 21 },
                    new { productCode = "9100203", doseMg = 5, frequency = "BD", quantity = 10 },
                },
            });
            prescriptionId = prescription.GetProperty("id").GetString()!;
        });

        await Step("pharmacy-screen", async () =>
        {
            await SignInAsAsync("pharmacist");
            await Page.GotoAsync($"{Server.BaseUrl}/pharmacy/prescriptions");
            await Page.GetByTestId("worklist-row").Filter(new() { HasText = family }).GetByRole(AriaRole.Link).ClickAsync();
            var alerts = Page.GetByTestId("alert");
            await Assertions.Expect(alerts.Filter(new() { HasText = "Methotrexate 2.5mg tablets with Trimethoprim 200mg tablets" })).ToHaveCountAsync(1);
            await Assertions.Expect(alerts.Filter(new() { HasText = "allergy risk: Amoxicillin 500mg capsules" })).ToHaveCountAsync(1);
            Assert.Empty(await Accessibility.SeriousViolationsAsync(Page));

            // Approval is refused while a severe alert stands without a reason.
            await Page.GetByRole(AriaRole.Button, new() { Name = "Approve prescription" }).ClickAsync();
            await Assertions.Expect(Page.Locator(".error-summary")).ToBeVisibleAsync();

            // Override every alert that needs it, each with its own reason (the page reloads after each).
            var needing = Page.GetByLabel("Reason for overriding (required before approval)");
            for (var n = await needing.CountAsync(); n > 0; n = await needing.CountAsync())
            {
                var alert = Page.GetByTestId("alert").Filter(new() { Has = Page.GetByLabel("Reason for overriding (required before approval)") }).First;
                await alert.GetByLabel("Reason for overriding (required before approval)").FillAsync("Discussed with the consultant; monitoring arranged.");
                await alert.GetByRole(AriaRole.Button, new() { Name = "Override this alert" }).ClickAsync();
                await Assertions.Expect(needing).ToHaveCountAsync(n - 1);
            }

            await Assertions.Expect(Page.GetByTestId("override").First).ToContainTextAsync("Discussed with the consultant");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Approve prescription" }).ClickAsync();
            await Assertions.Expect(Page.GetByTestId("status")).ToContainTextAsync("Clinically checked by Farah Khan (pharmacist)");
        });

        var before = await CdBalanceAsync();
        var dispensed = 0;
        await Step("pharmacy-dispense", async () =>
        {
            await SignInAsAsync("pharmtech");
            await Page.GotoAsync($"{Server.BaseUrl}/pharmacy/dispensing");
            await Page.GetByTestId("todo-row").Filter(new() { HasText = family }).GetByRole(AriaRole.Link, new() { Name = Oxycodone }).ClickAsync();
            await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = $"Dispense {Oxycodone}" })).ToBeVisibleAsync();

            // What the scanner would read from the picked pack: GTIN, expiry and batch as on the pick.
            var pick = Pick().Match(await Page.GetByTestId("pick").InnerTextAsync());
            Assert.True(pick.Success, "the pick names a batch and its expiry");
            var gtin = (await Page.Locator("dt:text-is('GTIN') + dd").InnerTextAsync()).Trim();
            var expiry = DateOnly.ParseExact(pick.Groups["expiry"].Value, "dd-MMM-yyyy", CultureInfo.GetCultureInfo("en-GB"));
            await Page.GetByLabel("Scan the pack").FillAsync($"01{gtin}17{expiry:yyMMdd}10{pick.Groups["batch"].Value}");
            await Page.GetByLabel("Witness user name").FillAsync("pharmacist");
            await Page.GetByLabel("Witness password").FillAsync(Password);
            await Page.GetByRole(AriaRole.Button, new() { Name = "Verify and dispense" }).ClickAsync();
            var message = await Page.GetByTestId("dispense-message").InnerTextAsync();
            Assert.Contains($"from batch {pick.Groups["batch"].Value}", message, StringComparison.Ordinal);
            dispensed = int.Parse(LeadingNumber().Match(message).Value, CultureInfo.InvariantCulture);

            var label = await Page.APIRequest.GetAsync(Server.BaseUrl + await Page.GetByTestId("label-link").GetAttributeAsync("href"));
            Assert.Equal(200, label.Status);
            Assert.Equal("application/pdf", label.Headers["content-type"]);
        });

        await Step("pharmacy-accuracy-check", async () =>
        {
            await SignInAsAsync("pharmacist");
            await Page.GotoAsync($"{Server.BaseUrl}/pharmacy/dispensing");
            var row = Page.GetByTestId("check-row").Filter(new() { HasText = Oxycodone }).Filter(new() { HasText = "pharmtech" });
            await row.First.GetByRole(AriaRole.Button, new() { Name = "Accuracy checked" }).ClickAsync();
            await Assertions.Expect(Page.GetByTestId("bench-message")).ToBeVisibleAsync();
        });

        var after = await CdBalanceAsync();
        Assert.Equal(10, dispensed);
        Assert.Equal(before.Register - dispensed, after.Register);
        Assert.Equal(before.Stock - dispensed, after.Stock);
        Assert.Equal("Balanced", after.Check);
    }

    private async Task<JsonElement> PostJsonAsync(string path, object body)
    {
        var response = await Page.APIRequest.PostAsync(Server.BaseUrl + path, new() { DataObject = body });
        var text = await response.TextAsync();
        Assert.True(response.Status == 201, $"{path}: {response.Status} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The oxycodone row of the CD register's balance check at the pharmacy store, as the page shows it.</summary>
    private async Task<(int Register, int Stock, string Check)> CdBalanceAsync()
    {
        await SignInAsAsync("pharmacist");
        await Page.GotoAsync($"{Server.BaseUrl}/pharmacy/cd-register");
        var cells = Page.GetByTestId("balances").Locator("tbody tr").Filter(new() { HasText = "Oxycodone" }).Filter(new() { HasText = "Pharmacy store" }).Locator("td");
        return (int.Parse(LeadingNumber().Match(await cells.Nth(2).InnerTextAsync()).Value, CultureInfo.InvariantCulture),
            int.Parse(LeadingNumber().Match(await cells.Nth(3).InnerTextAsync()).Value, CultureInfo.InvariantCulture),
            (await cells.Nth(4).InnerTextAsync()).Trim());
    }

    [GeneratedRegex(@"Batch (?<batch>\S+), expiry (?<expiry>\d{2}-[A-Z][a-z]{2}-\d{4})")]
    private static partial Regex Pick();

    [GeneratedRegex(@"\d+")]
    private static partial Regex LeadingNumber();
}
