namespace Infirmary.Platform.Ui;

/// <summary>
/// Text people type (names, reasons, notes) and summaries built from it, the same in every module: blank input is no
/// input, a limit is enforced by refusing and naming it rather than by cutting, and a list that must fit a column ends
/// "and N more" rather than stopping mid-word.
/// </summary>
public static class FreeText
{
    /// <summary>Trimmed text, or null when there is none.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Why the (cleaned) text is refused as longer than <paramref name="max"/>, or null when it fits.</summary>
    public static string? TooLong(string? cleaned, string what, int max) =>
        cleaned is not null && cleaned.Length > max ? $"{what} is {cleaned.Length} characters long; keep it to {max}." : null;

    /// <summary>
    /// <paramref name="lead"/> followed by as many of <paramref name="items"/> (joined with "; ") as fit in
    /// <paramref name="max"/> characters, then "and N more" for the rest. The result is never longer than
    /// <paramref name="max"/>; an item too long even on its own is cut with an ellipsis.
    /// </summary>
    public static string Listing(string lead, IReadOnlyList<string> items, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, lead.Length + 20);
        var text = lead;
        for (var i = 0; i < items.Count; i++)
        {
            var separator = i == 0 ? string.Empty : "; ";
            var rest = items.Count - i - 1;
            // Room must stay for the "and N more" that would follow if a later item does not fit.
            var tail = rest == 0 ? 0 : $"; and {rest} more".Length;
            if (text.Length + separator.Length + items[i].Length + tail <= max)
            {
                text += separator + items[i];
                continue;
            }

            if (i == 0)
            {
                var room = max - text.Length - tail - 1;
                text += items[0][..room] + "…";
                continue;
            }

            return text + $"; and {items.Count - i} more";
        }

        return text;
    }
}
