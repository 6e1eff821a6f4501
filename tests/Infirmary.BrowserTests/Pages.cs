using System.Security.Cryptography;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Infirmary.BrowserTests;

/// <summary>Page objects: what a person does on each page, in the words of the page.</summary>
public sealed class LoginPage(IPage page, string baseUrl)
{
    public async Task OpenAsync() => await page.GotoAsync($"{baseUrl}/account/login");

    public async Task SignInAsync(string user, string password)
    {
        await OpenAsync();
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public async Task EnterSecurityCodeAsync(string base32Secret)
    {
        await page.GetByLabel("Security code").FillAsync(Totp.Code(base32Secret, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
    }
}

public sealed class RegisterPatientPage(IPage page, string baseUrl)
{
    public async Task OpenAsync() => await page.GotoAsync($"{baseUrl}/patients/new");

    public async Task RegisterAsync(string nhs, string given, string family, int day, int month, int year, string postcode)
    {
        await page.GetByLabel("NHS number").FillAsync(nhs);
        await page.GetByLabel("Given name").FillAsync(given);
        await page.GetByLabel("Family name").FillAsync(family);
        await page.GetByLabel("Day").FillAsync(day.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Month").FillAsync(month.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Year").FillAsync(year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Sex").SelectOptionAsync("Female");
        await page.GetByLabel("Postcode (optional)").FillAsync(postcode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register patient" }).ClickAsync();
    }
}

public sealed class FindPatientPage(IPage page, string baseUrl)
{
    public async Task SearchByNhsNumberAsync(string nhs)
    {
        await page.GotoAsync($"{baseUrl}/patients");
        await page.GetByLabel("NHS number").FillAsync(nhs);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
    }
}

public static class Accessibility
{
    /// <summary>Runs axe-core on the page and returns the serious and critical violations, described.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")
            .ToList();
    }
}

public static class Totp
{
    public static string Code(string base32Secret, DateTimeOffset at)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int bits = 0, value = 0;
        foreach (var c in base32Secret.TrimEnd('='))
        {
            value = (value << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)((value >> (bits - 8)) & 0xff));
                bits -= 8;
            }
        }

        var counter = at.ToUnixTimeSeconds() / 30;
        var message = new byte[8];
        for (var i = 7; i >= 0; i--)
        {
            message[i] = (byte)(counter & 0xff);
            counter >>= 8;
        }

#pragma warning disable CA5350 // RFC 6238 TOTP is defined over HMAC-SHA1; authenticator apps use it.
        var hash = HMACSHA1.HashData(bytes.ToArray(), message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }
}
