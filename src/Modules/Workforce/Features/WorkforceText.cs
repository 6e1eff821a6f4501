namespace Infirmary.Workforce.Features;

/// <summary>
/// Limits on the text people type into the workforce pages (ADR 0173). The reason and note columns hold
/// <see cref="Column"/> characters; a person's own words are limited to <see cref="MaxTyped"/> so that the rules an
/// exception breaks can be recorded beside them. Checked with <see cref="Infirmary.Platform.Ui.FreeText"/>.
/// </summary>
public static class WorkforceText
{
    /// <summary>Size of the reason and note columns.</summary>
    public const int Column = 500;

    /// <summary>Longest reason or note a person may type.</summary>
    public const int MaxTyped = 300;
}
