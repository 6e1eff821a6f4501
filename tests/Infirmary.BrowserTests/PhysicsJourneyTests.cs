using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Infirmary.BrowserTests;

/// <summary>
/// A TG-51 calibration in the browser gives the same figures as the command line (`infirmary physics kq` and
/// `physics ptp`), is saved, and becomes final only when a second physicist confirms it.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PhysicsJourneyTests(ServerFixture server) : JourneyBase(server)
{
    [Fact]
    public async Task GivenPhysicist_WhenCalibratingInTheBrowser_ThenFiguresMatchTheCliAndASecondPhysicistMakesItFinal()
    {
        var machine = $"LA-{Guid.NewGuid().ToString("N")[..6]}";
        string url = string.Empty;
        await Step("physics-calibrate", async () =>
        {
            await SignInAsAsync("physicist");
            await Page.GotoAsync($"{Server.BaseUrl}/physics/calibrations/new");
            await Page.GetByLabel("Machine (linac)").FillAsync(machine);
            await Page.GetByLabel("Beam energy").FillAsync("6 MV");
            await Page.GetByLabel("Ionisation chamber").SelectOptionAsync("30013");
            await Page.GetByLabel("%dd(10)x", new() { Exact = true }).FillAsync("66.4");
            await Page.GetByLabel("Water temperature (°C)").FillAsync("21.5");
            await Page.GetByLabel("Air pressure (kPa)").FillAsync("100.8");
            await Page.GetByLabel("M+ at positive polarity and V_H").FillAsync("20.110");
            await Page.GetByLabel("M- at negative polarity and V_H").FillAsync("-20.080");
            await Page.GetByLabel("Polarity used for calibration").SelectOptionAsync("negative");
            await Page.GetByLabel("Operating voltage V_H (V)").FillAsync("300");
            await Page.GetByLabel("Reduced voltage V_L (V)").FillAsync("150");
            await Page.GetByLabel("M_L at V_L (routine polarity)").FillAsync("-20.010");
            await Page.GetByLabel("P_elec").FillAsync("1.000");
            await Page.GetByLabel("N_D,w (Gy/nC)").FillAsync("0.05405");
            await Page.GetByLabel("Monitor units delivered").FillAsync("100");
            await Page.GetByLabel("Expected dose per MU at the reference point (cGy/MU)").FillAsync("1.080");
            await Page.GetByLabel("Tolerance (± %)").FillAsync("2");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Calculate" }).ClickAsync();

            var kq = double.Parse(await Page.GetByTestId("kq").InnerTextAsync(), CultureInfo.InvariantCulture);
            var ptp = double.Parse(await Page.GetByTestId("ptp").InnerTextAsync(), CultureInfo.InvariantCulture);
            var cliKq = (await CliAsync("physics", "kq", "--chamber", "PTW30013", "--pddx", "66.4", "--json")).GetProperty("kq").GetDouble();
            var cliPtp = (await CliAsync("physics", "ptp", "--temperature-c", "21.5", "--pressure-kpa", "100.8", "--json")).GetProperty("ptp").GetDouble();
            // Both show four decimals.
            Assert.Equal(cliKq, kq);
            Assert.Equal(cliPtp, ptp);
            Assert.Empty(await Accessibility.SeriousViolationsAsync(Page));

            await Page.GetByRole(AriaRole.Button, new() { Name = "Save calibration" }).ClickAsync();
            await Assertions.Expect(Page.GetByTestId("status")).ToContainTextAsync("Awaiting a second physicist's check");
            Assert.Equal(kq.ToString("0.0000", CultureInfo.InvariantCulture), (await Page.GetByTestId("kq").InnerTextAsync()).Trim());
            url = Page.Url;
        });

        await Step("physics-second-check", async () =>
        {
            await SignInAsAsync("physicist2");
            await Page.GotoAsync(url);
            await Page.GetByRole(AriaRole.Button, new() { Name = "Confirm check" }).ClickAsync();
            await Assertions.Expect(Page.GetByTestId("status")).ToContainTextAsync("Final");
        });
    }

    private static async Task<JsonElement> CliAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServerFixture.LocateCliDll());
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var cli = Process.Start(start)!;
        var output = await cli.StandardOutput.ReadToEndAsync();
        var error = await cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync();
        Assert.True(cli.ExitCode == 0, $"infirmary {string.Join(' ', args)}: exit {cli.ExitCode} {error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
