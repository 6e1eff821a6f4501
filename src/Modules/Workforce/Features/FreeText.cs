namespace Infirmary.Workforce.Features;

/// <summary>
/// Text people type into the workforce pages (reasons, notes) and the summaries built from it. The columns that keep
/// them hold <see cref="Column"/> characters; a person's own words are limited to <see cref="MaxTyped"/> so that the
/// rules an exception breaks can be recorded beside them. Nothing here is cut silently: typed text over the limit is
/// refused, and a long list of breaches is shortened to "and N more" (the rota's view lists every breach in full).
/// </summary>
public static class FreeText
{
    /// <summary>Size of the reason and note columns.</summary>
    public const int Column = 500;

    /// <summary>Longest reason or note a person may type.</summary>
    public const int MaxTyped = 300;

    /// <summary>Trimmed text, or null when there is none.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Why the (cleaned) text is refused, or null when it fits.</summary>
    public static string? TooLong(string? cleaned, string what) =>
        cleaned is { Length: > MaxTyped } ? $"{what} is {cleaned.Length} characters long; keep it to {MaxTyped}." : null;

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
