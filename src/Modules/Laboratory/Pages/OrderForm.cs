namespace Infirmary.Laboratory.Pages;

/// <summary>What the request form posts. Tests are ticked per panel or test code.</summary>
public sealed class OrderForm
{
    public string? PatientId { get; set; }

    public Dictionary<string, bool> Selected { get; set; } = [];

    public string? Location { get; set; }

    public string Priority { get; set; } = Domain.Priorities.Routine;

    public string? ClinicalDetails { get; set; }
}

/// <summary>What the reception bench posts: a scanned barcode, and for a rejection its reason and note.</summary>
public sealed class ScanForm
{
    public string? Accession { get; set; }

    public string? Reason { get; set; }

    public string? Note { get; set; }

    public string? CollectedAt { get; set; }

    public string? Rack { get; set; }

    public string? Position { get; set; }

    public string? VolumeMl { get; set; }
}

/// <summary>A validation worklist button: "validate:{reportId}:{version}" or "authorise:{reportId}:{version}".</summary>
public sealed class ReportActionForm
{
    public string? Command { get; set; }
}

/// <summary>An amendment: the new value and why.</summary>
public sealed class AmendForm
{
    public string? Value { get; set; }

    public string? Reason { get; set; }
}

/// <summary>A date and time typed in a <c>datetime-local</c> box, read as UK (Europe/London) time.</summary>
public static class UkLocalTime
{
    /// <summary>Empty is "now" (null, true); unreadable is false.</summary>
    public static bool TryParse(string? text, out DateTime? utc)
    {
        utc = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local))
        {
            return false;
        }

        utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Infirmary.Platform.Ui.UkFormat.London);
        return true;
    }
}
