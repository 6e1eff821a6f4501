namespace Infirmary.Platform.Documents;

/// <summary>
/// A printable document described as content, not layout: every module builds one of these (clinic lists, pull lists,
/// dispensing labels, specimen labels, reports) and <see cref="PdfRenderer"/> lays it out, so all printed output shares
/// one look and one set of rules (wrapping, pagination, overflow on labels).
/// </summary>
/// <param name="Title">Printed at the top of the first page and stored as the PDF title.</param>
/// <param name="Blocks">Content in reading order.</param>
/// <param name="Footer">Printed at the foot of every page with the page number, e.g. "Printed 25-Nov-2026 09:14 by …".</param>
public sealed record PrintDocument(string Title, IReadOnlyList<PrintBlock> Blocks, string? Footer = null);

/// <summary>One piece of content in a <see cref="PrintDocument"/>.</summary>
public abstract record PrintBlock;

/// <summary>A section heading.</summary>
public sealed record PrintHeading(string Text) : PrintBlock;

/// <summary>Wrapped text. <paramref name="Size"/> is in points; labels use smaller text than reports.</summary>
public sealed record PrintParagraph(string Text, bool Bold = false, double? Size = null) : PrintBlock;

/// <summary>Label/value lines ("NHS number: 943 476 5919") aligned in two columns.</summary>
public sealed record PrintFields(IReadOnlyList<KeyValuePair<string, string>> Lines) : PrintBlock;

/// <summary>
/// A table that continues across pages with its header repeated. <paramref name="Widths"/> are relative column widths
/// (defaults to equal); cells wrap.
/// </summary>
public sealed record PrintTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<double>? Widths = null) : PrintBlock;

/// <summary>A Code 128 barcode of <paramref name="Value"/> with the value printed beneath it.</summary>
public sealed record PrintBarcode(string Value, double HeightMm = 10) : PrintBlock;

/// <summary>Starts a new page (labels: the next label).</summary>
public sealed record PrintPageBreak : PrintBlock;

/// <summary>
/// Paper or label stock. When <paramref name="SinglePage"/> is set (labels) content that does not fit one page is an
/// error — a label that silently loses its last line could lose the directions — instead of running onto a new page.
/// </summary>
public sealed record PageFormat(double WidthMm, double HeightMm, double MarginMm, double BaseFontSize, bool SinglePage)
{
    public static PageFormat A4 { get; } = new(210, 297, 15, 10, SinglePage: false);

    public static PageFormat A4Landscape { get; } = new(297, 210, 12, 10, SinglePage: false);

    /// <summary>The common 70 × 35 mm dispensing label.</summary>
    public static PageFormat DispensingLabel { get; } = new(70, 35, 2.5, 6.5, SinglePage: true);

    /// <summary>A 50 × 25 mm specimen or case-note label.</summary>
    public static PageFormat SmallLabel { get; } = new(50, 25, 1.5, 6, SinglePage: true);
}

/// <summary>Thrown when content does not fit a <see cref="PageFormat.SinglePage"/> format; the message says what overflowed.</summary>
public sealed class PrintOverflowException(string message) : Exception(message);
