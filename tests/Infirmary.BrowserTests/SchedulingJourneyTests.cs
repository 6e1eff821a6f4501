using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Infirmary.BrowserTests;

/// <summary>
/// Drag to rebook in a real browser (ADR 0076): reception books two patients into next week's cardiology clinic, opens
/// the clinician's week on the calendar, drags the first booking onto the second's slot (the server refuses; the
/// dialog says why and nothing moves), then onto a free slot (it moves), and the page is accessible throughout.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SchedulingJourneyTests(ServerFixture server) : JourneyBase(server)
{
    [Fact]
    public async Task GivenTwoBookings_WhenReceptionDragsOneOntoTheOtherThenOntoAFreeSlot_ThenTheFirstIsRefusedWithTheReasonAndTheSecondMovesIt()
    {
        Guid first = Guid.Empty;
        string who = string.Empty, date = string.Empty;
        JsonElement[] slots = [];
        await Step("calendar-book", async () =>
        {
            await SignInAsAsync("reception");
            var patients = new List<string>();
            foreach (var family in new[] { "Smith", "Jones", "Williams", "Taylor" })
            {
                patients.AddRange((await GetJsonAsync($"/api/v1/patients?family={family}")).Select(p => p.GetProperty("id").GetString()!));
            }

            var from = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var free = await GetJsonAsync($"/api/v1/scheduling/slots?specialty=Cardiology&from={from}&limit=50");
            // Two slots in one clinician's week, both free now.
            var firstSlot = free[0];
            who = $"c:{firstSlot.GetProperty("clinicianId").GetString()}";
            date = firstSlot.GetProperty("localDate").GetString()!;
            slots = [.. free.Where(s => s.GetProperty("clinicianId").GetString() == firstSlot.GetProperty("clinicianId").GetString()).Take(2)];
            // Demo patients include some who cannot be booked (deceased, inactive): take the first two who can.
            var booked = new List<Guid>();
            foreach (var patient in patients)
            {
                if (booked.Count < 2 && await TryBookAsync(patient, slots[booked.Count].GetProperty("id").GetString()!) is { } id)
                {
                    booked.Add(id);
                }
            }

            Assert.Equal(2, booked.Count);
            first = booked[0];
        });

        var console = new List<string>();
        Page.Console += (_, m) => console.Add($"{m.Type}: {m.Text}");
        Page.PageError += (_, e) => console.Add($"error: {e}");
        await Step("calendar-refused", async () =>
        {
            await Page.GotoAsync($"{Server.BaseUrl}/scheduling/calendar?who={Uri.EscapeDataString(who)}&date={date}&view=week");
            await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Calendar", Level = 1 })).ToBeVisibleAsync();
            Assert.Empty(await Accessibility.SeriousViolationsAsync(Page));
            await Assertions.Expect(Page.Locator("[data-calendar][data-enhanced='drag']")).ToHaveCountAsync(1);
            await DragAsync(Page.Locator($"[data-appointment='{first}']"), Page.Locator($"[data-slot='{slots[1].GetProperty("id").GetString()}']"));
            var dialog = Page.Locator("#rebook-dialog");
            Assert.True(await dialog.IsVisibleAsync() || await WaitVisibleAsync(dialog), string.Join(" | ", console));
            await dialog.GetByLabel("The patient").CheckAsync();
            await dialog.GetByLabel("Reason for the move").FillAsync("Patient asked for a later time");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Move the appointment" }).ClickAsync();
            await Assertions.Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("Someone else has booked this slot");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep it where it is" }).ClickAsync();
            await Assertions.Expect(dialog).ToBeHiddenAsync();
        });

        await Step("calendar-moved", async () =>
        {
            var target = Page.Locator("[data-testid='calendar'] [data-state='free']").Last;
            var targetId = await target.GetAttributeAsync("data-slot");
            await DragAsync(Page.Locator($"[data-appointment='{first}']"), target);
            var dialog = Page.Locator("#rebook-dialog");
            await Assertions.Expect(dialog).ToBeVisibleAsync();
            await dialog.GetByLabel("The hospital").CheckAsync();
            await dialog.GetByLabel("Reason for the move").FillAsync("Clinic rearranged");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Move the appointment" }).ClickAsync();
            await Assertions.Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Appointment moved." })).ToBeVisibleAsync();
            await Assertions.Expect(Page.Locator($"[data-slot='{targetId}']")).ToHaveAttributeAsync("data-state", "booked");
            await Assertions.Expect(Page.Locator($"[data-appointment='{first}']")).ToHaveCountAsync(0);
        });
    }

    /// <summary>
    /// Drags with the HTML drag-and-drop events a person's drag fires (dragstart, dragover, drop, dragend) sharing one
    /// DataTransfer, dispatched to the elements: Playwright's mouse-driven drag does not start a drag from a booking,
    /// whose visible parts are links.
    /// </summary>
    private async Task DragAsync(ILocator source, ILocator target)
    {
        var dataTransfer = await Page.EvaluateHandleAsync("() => new DataTransfer()");
        await source.DispatchEventAsync("dragstart", new { dataTransfer });
        await target.DispatchEventAsync("dragover", new { dataTransfer });
        await target.DispatchEventAsync("drop", new { dataTransfer });
        await source.DispatchEventAsync("dragend", new { dataTransfer });
    }

    private static async Task<bool> WaitVisibleAsync(ILocator locator)
    {
        try
        {
            await Assertions.Expect(locator).ToBeVisibleAsync();
            return true;
        }
        catch (PlaywrightException)
        {
            return false;
        }
    }

    private async Task<JsonElement[]> GetJsonAsync(string path)
    {
        var response = await Page.APIRequest.GetAsync(Server.BaseUrl + path);
        var text = await response.TextAsync();
        Assert.True(response.Status == 200, $"{path}: {response.Status} {text}");
        return [.. JsonDocument.Parse(text).RootElement.Clone().EnumerateArray()];
    }

    private async Task<Guid?> TryBookAsync(string patientId, string slotId)
    {
        var response = await Page.APIRequest.PostAsync(Server.BaseUrl + "/api/v1/scheduling/appointments", new() { DataObject = new { patientId, slotId } });
        var text = await response.TextAsync();
        Assert.True(response.Status is 201 or 400 or 409, $"booking: {response.Status} {text}");
        return response.Status == 201 ? Guid.Parse(JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!) : null;
    }
}
