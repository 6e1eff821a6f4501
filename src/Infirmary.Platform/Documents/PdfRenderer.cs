using System.Reflection;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Infirmary.Platform.Documents;

/// <summary>
/// Lays out a <see cref="PrintDocument"/> as PDF with PDFsharp. The font (DejaVu Sans Condensed, Bitstream Vera
/// licence, see Fonts/LICENCE-DejaVu.txt) is embedded in this assembly so printing works on a server with no fonts
/// installed. Text is written uncompressed with WinAnsi encoding: the files stay small for lists and labels, and the
/// words are plain in the file, which lets tests check what was printed.
/// </summary>
public static class PdfRenderer
{
    private const string Family = "Infirmary Sans";
    private const double PointsPerMm = 72.0 / 25.4;

    static PdfRenderer()
    {
        // PDFsharp allows one resolver per process, set before any font is used; this static constructor runs once.
        GlobalFontSettings.FontResolver ??= new EmbeddedFontResolver();
    }

    /// <summary>Renders <paramref name="document"/> on <paramref name="format"/> and returns the PDF bytes.</summary>
    /// <exception cref="PrintOverflowException">Content does not fit a single-page (label) format.</exception>
    public static byte[] Render(PrintDocument document, PageFormat format)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(format);
        using var pdf = new PdfDocument();
        pdf.Info.Title = document.Title;
        pdf.Info.Creator = "Infirmary";
        pdf.Options.CompressContentStreams = false;
        var layout = new Layout(pdf, format, document.Footer is not null);
        layout.Title(document.Title);
        foreach (var block in document.Blocks)
        {
            layout.Draw(block);
        }

        layout.Finish(document.Footer);
        using var stream = new MemoryStream();
        pdf.Save(stream, false);
        return stream.ToArray();
    }

    private sealed class Layout(PdfDocument pdf, PageFormat format, bool hasFooter)
    {
        private static readonly XPdfFontOptions Options = new(PdfFontEncoding.WinAnsi);
        private readonly double margin = format.MarginMm * PointsPerMm;
        private readonly double width = format.WidthMm * PointsPerMm;
        private readonly double height = format.HeightMm * PointsPerMm;
        private XGraphics? gfx;
        private double y;

        private double Left => margin;

        private double ContentWidth => width - (2 * margin);

        private double Bottom => height - margin - (hasFooter ? format.BaseFontSize * 1.8 : 0);

        private static XFont Font(double size, bool bold) => new(Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Options);

        public void Title(string title)
        {
            NewPage();
            if (string.IsNullOrWhiteSpace(title))
            {
                return;
            }

            var size = format.SinglePage ? format.BaseFontSize + 1 : format.BaseFontSize * 1.6;
            Lines(title, Font(size, bold: true), "the title");
            y += format.BaseFontSize * (format.SinglePage ? 0.2 : 0.8);
        }

        public void Draw(PrintBlock block)
        {
            switch (block)
            {
                case PrintHeading h:
                    y += format.BaseFontSize * 0.6;
                    Lines(h.Text, Font(format.BaseFontSize * 1.2, bold: true), $"the heading \"{h.Text}\"");
                    y += format.BaseFontSize * 0.2;
                    break;
                case PrintParagraph p:
                    Lines(p.Text, Font(p.Size ?? format.BaseFontSize, p.Bold), Describe(p.Text));
                    break;
                case PrintFields f:
                    Fields(f);
                    break;
                case PrintTable t:
                    Table(t);
                    break;
                case PrintBarcode b:
                    Barcode(b);
                    break;
                case PrintPageBreak:
                    NewPage();
                    break;
                default:
                    throw new ArgumentException($"Unknown print block {block.GetType().Name}.", nameof(block));
            }
        }

        public void Finish(string? footer)
        {
            gfx?.Dispose();
            gfx = null;
            if (footer is null)
            {
                return;
            }

            var font = Font(format.BaseFontSize * 0.8, bold: false);
            for (var i = 0; i < pdf.PageCount; i++)
            {
                using var g = XGraphics.FromPdfPage(pdf.Pages[i], XGraphicsPdfPageOptions.Append);
                var text = pdf.PageCount > 1 ? $"{footer} · Page {i + 1} of {pdf.PageCount}" : footer;
                g.DrawString(text, font, XBrushes.Black, new XRect(Left, height - margin - font.Size, ContentWidth, font.Size), XStringFormats.TopLeft);
            }
        }

        private static string Describe(string text) => text.Length <= 40 ? $"\"{text}\"" : $"\"{text[..40]}…\"";

        private void NewPage()
        {
            gfx?.Dispose();
            var page = pdf.AddPage();
            page.Width = XUnit.FromPoint(width);
            page.Height = XUnit.FromPoint(height);
            gfx = XGraphics.FromPdfPage(page);
            y = margin;
        }

        /// <summary>Moves to a new page when <paramref name="needed"/> points do not fit; on labels that is an error.</summary>
        private void Ensure(double needed, string what)
        {
            if (y + needed <= Bottom + 0.01)
            {
                return;
            }

            if (format.SinglePage)
            {
                throw new PrintOverflowException(
                    $"The text does not fit on the {format.WidthMm:0.#} × {format.HeightMm:0.#} mm label: {what} runs past the bottom edge. Shorten it.");
            }

            NewPage();
            if (y + needed > Bottom + 0.01)
            {
                throw new PrintOverflowException($"{what} is taller than a whole page.");
            }
        }

        private void Lines(string text, XFont font, string what)
        {
            var lineHeight = font.Size * 1.2;
            foreach (var line in Wrap(text, font, ContentWidth))
            {
                Ensure(lineHeight, what);
                gfx!.DrawString(line, font, XBrushes.Black, new XRect(Left, y, ContentWidth, lineHeight), XStringFormats.TopLeft);
                y += lineHeight;
            }
        }

        private void Fields(PrintFields fields)
        {
            var keyFont = Font(format.BaseFontSize, bold: true);
            var valueFont = Font(format.BaseFontSize, bold: false);
            var lineHeight = format.BaseFontSize * 1.2;
            var keyWidth = Math.Min(
                ContentWidth * 0.4,
                fields.Lines.Select(l => gfx!.MeasureString(l.Key, keyFont).Width).DefaultIfEmpty(0).Max() + (format.BaseFontSize * 0.8));
            foreach (var (key, value) in fields.Lines)
            {
                var keyLines = Wrap(key, keyFont, keyWidth - (format.BaseFontSize * 0.4));
                var valueLines = Wrap(value, valueFont, ContentWidth - keyWidth);
                var rows = Math.Max(keyLines.Count, valueLines.Count);
                Ensure(rows * lineHeight, $"the line \"{key}\"");
                for (var i = 0; i < rows; i++)
                {
                    if (i < keyLines.Count)
                    {
                        gfx!.DrawString(keyLines[i], keyFont, XBrushes.Black, new XRect(Left, y + (i * lineHeight), keyWidth, lineHeight), XStringFormats.TopLeft);
                    }

                    if (i < valueLines.Count)
                    {
                        gfx!.DrawString(valueLines[i], valueFont, XBrushes.Black, new XRect(Left + keyWidth, y + (i * lineHeight), ContentWidth - keyWidth, lineHeight), XStringFormats.TopLeft);
                    }
                }

                y += rows * lineHeight;
            }
        }

        private void Table(PrintTable table)
        {
            var columns = table.Headers.Count;
            if (columns == 0)
            {
                return;
            }

            var relative = table.Widths is { Count: > 0 } w && w.Count == columns ? w : Enumerable.Repeat(1.0, columns).ToList();
            var total = relative.Sum();
            var widths = relative.Select(r => ContentWidth * r / total).ToArray();
            var headerFont = Font(format.BaseFontSize, bold: true);
            var cellFont = Font(format.BaseFontSize, bold: false);
            var pad = format.BaseFontSize * 0.3;
            var lineHeight = format.BaseFontSize * 1.2;

            void Row(IReadOnlyList<string> cells, XFont font, bool header, string what)
            {
                var wrapped = new List<IReadOnlyList<string>>(columns);
                for (var c = 0; c < columns; c++)
                {
                    wrapped.Add(Wrap(c < cells.Count ? cells[c] : string.Empty, font, widths[c] - (2 * pad)));
                }

                var rowHeight = (wrapped.Max(l => Math.Max(1, l.Count)) * lineHeight) + (2 * pad);
                var before = pdf.PageCount;
                Ensure(rowHeight, what);
                if (!header && pdf.PageCount != before)
                {
                    Row(table.Headers, headerFont, header: true, "the table header");
                }

                var x = Left;
                for (var c = 0; c < columns; c++)
                {
                    var cell = new XRect(x, y, widths[c], rowHeight);
                    if (header)
                    {
                        gfx!.DrawRectangle(XBrushes.Gainsboro, cell);
                    }

                    gfx!.DrawRectangle(new XPen(XColors.Gray, 0.5), cell);
                    for (var l = 0; l < wrapped[c].Count; l++)
                    {
                        gfx.DrawString(wrapped[c][l], font, XBrushes.Black, new XRect(x + pad, y + pad + (l * lineHeight), widths[c] - (2 * pad), lineHeight), XStringFormats.TopLeft);
                    }

                    x += widths[c];
                }

                y += rowHeight;
            }

            Row(table.Headers, headerFont, header: true, "the table header");
            for (var r = 0; r < table.Rows.Count; r++)
            {
                Row(table.Rows[r], cellFont, header: false, $"row {r + 1} of the table");
            }

            y += format.BaseFontSize * 0.5;
        }

        private void Barcode(PrintBarcode barcode)
        {
            var modules = Code128.Encode(barcode.Value);
            var totalModules = modules.Sum() + 20; // ten-module quiet zone each side
            var moduleWidth = Math.Min(0.33 * PointsPerMm, ContentWidth / totalModules);
            if (moduleWidth < 0.17 * PointsPerMm)
            {
                throw new PrintOverflowException($"The barcode {barcode.Value} is too long to print readably in {format.WidthMm:0.#} mm.");
            }

            var barHeight = barcode.HeightMm * PointsPerMm;
            var textFont = Font(format.BaseFontSize, bold: false);
            Ensure(barHeight + (textFont.Size * 1.2), $"the barcode {barcode.Value}");
            var x = Left + (10 * moduleWidth);
            for (var i = 0; i < modules.Count; i++)
            {
                var w = modules[i] * moduleWidth;
                if (i % 2 == 0)
                {
                    gfx!.DrawRectangle(XBrushes.Black, new XRect(x, y, w, barHeight));
                }

                x += w;
            }

            y += barHeight;
            gfx!.DrawString(barcode.Value, textFont, XBrushes.Black, new XRect(Left + (10 * moduleWidth), y, ContentWidth, textFont.Size * 1.2), XStringFormats.TopLeft);
            y += textFont.Size * 1.2;
        }

        private List<string> Wrap(string text, XFont font, double maxWidth)
        {
            var lines = new List<string>();
            foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                var current = string.Empty;
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = current.Length == 0 ? word : current + " " + word;
                    if (gfx!.MeasureString(candidate, font).Width <= maxWidth)
                    {
                        current = candidate;
                        continue;
                    }

                    if (current.Length > 0)
                    {
                        lines.Add(current);
                    }

                    // A single word wider than the column (a long code, an address with no spaces) is broken by character.
                    current = word;
                    while (gfx.MeasureString(current, font).Width > maxWidth && current.Length > 1)
                    {
                        var cut = current.Length - 1;
                        while (cut > 1 && gfx.MeasureString(current[..cut], font).Width > maxWidth)
                        {
                            cut--;
                        }

                        lines.Add(current[..cut]);
                        current = current[cut..];
                    }
                }

                lines.Add(current);
            }

            return lines;
        }
    }

    private sealed class EmbeddedFontResolver : IFontResolver
    {
        private static readonly Lazy<byte[]> Regular = new(() => Load("fonts.regular.ttf"));
        private static readonly Lazy<byte[]> Bold = new(() => Load("fonts.bold.ttf"));

        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "infirmary-bold" : "infirmary-regular");

        public byte[] GetFont(string faceName) => faceName == "infirmary-bold" ? Bold.Value : Regular.Value;

        private static byte[] Load(string name)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Embedded font {name} is missing from the build.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
