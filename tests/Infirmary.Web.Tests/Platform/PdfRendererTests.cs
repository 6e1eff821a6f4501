using System.Text;
using System.Text.RegularExpressions;
using Infirmary.Platform.Documents;
using Infirmary.Web.Tests.Infrastructure;

namespace Infirmary.Web.Tests.Platform;

public sealed class PdfRendererTests
{
    private static string Text(byte[] pdf) => PdfText.Of(pdf);

    private static int Pages(byte[] pdf) => PdfText.Pages(pdf);

    [Fact]
    public void GivenClinicList_WhenRendered_ThenPdfHoldsTitleFieldsAndRows()
    {
        var doc = new PrintDocument(
            "Cardiology follow-up — 25-Nov-2026",
            [
                new PrintFields([new("Clinician", "Dr A Khan"), new("Room", "Outpatients 3")]),
                new PrintTable(["Time", "Patient", "NHS number"], [["09:00", "Jane SMITH", "943 476 5919"], ["09:15", "Ümit Öztürk £5", "943 476 5870"]]),
                new PrintBarcode("CN100234-1"),
            ],
            Footer: "Printed 25-Nov-2026 08:00");

        var pdf = PdfRenderer.Render(doc, PageFormat.A4);

        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);
        var text = Text(pdf);
        Assert.Contains("Dr A Khan", text, StringComparison.Ordinal);
        Assert.Contains("Jane SMITH", text, StringComparison.Ordinal);
        Assert.Contains("Ümit Öztürk £5", text, StringComparison.Ordinal);
        Assert.Contains("CN100234-1", text, StringComparison.Ordinal);
        Assert.Contains("Printed 25-Nov-2026 08:00", text, StringComparison.Ordinal);
        Assert.Equal(1, Pages(pdf));
    }

    [Fact]
    public void GivenLongTable_WhenRendered_ThenPagesBreakAndHeaderRepeatsWithPageNumbers()
    {
        var rows = Enumerable.Range(1, 150).Select(i => (IReadOnlyList<string>)[$"Row {i}", "Volume 1", "Library"]).ToList();
        var pdf = PdfRenderer.Render(new PrintDocument("Case-note pull list", [new PrintTable(["Patient", "Volume", "Location"], rows)], Footer: "Pull list"), PageFormat.A4);

        var pages = Pages(pdf);
        var text = Text(pdf);
        Assert.True(pages > 1, $"expected several pages, got {pages}");
        Assert.Equal(pages, Regex.Count(text, "^Volume$", RegexOptions.Multiline));
        Assert.Contains($"Pull list · Page {pages} of {pages}", text, StringComparison.Ordinal);
        Assert.Contains("Row 150", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenLabelThatDoesNotFit_WhenRendered_ThenRefusedNamingTheText()
    {
        var directions = string.Join(' ', Enumerable.Repeat("Take ONE tablet TWICE a day with food.", 25));
        var doc = new PrintDocument("Amoxicillin 500mg capsules", [new PrintParagraph(directions), new PrintParagraph("Keep out of the sight and reach of children.")]);

        var ex = Assert.Throws<PrintOverflowException>(() => PdfRenderer.Render(doc, PageFormat.DispensingLabel));

        Assert.Contains("70 × 35 mm label", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Take ONE tablet", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenShortLabels_WhenRenderedWithPageBreaks_ThenOneLabelPerPage()
    {
        var doc = new PrintDocument(string.Empty, [new PrintParagraph("SMITH, Jane"), new PrintBarcode("L0000123", 8), new PrintPageBreak(), new PrintParagraph("SMITH, Jane"), new PrintBarcode("L0000124", 8)]);

        var pdf = PdfRenderer.Render(doc, PageFormat.SmallLabel);

        Assert.Equal(2, Pages(pdf));
        Assert.Contains("L0000124", Text(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public void GivenValue_WhenEncodedAsCode128_ThenChecksumIsRightAndItDecodesBack()
    {
        // Start B (104) + 'A'(33)·1 + 'B'(34)·2 + 'C'(35)·3 = 310; 310 mod 103 = 1, whose pattern is 2 2 2 1 2 2.
        var widths = Code128.Encode("ABC");
        Assert.Equal([2, 2, 2, 1, 2, 2], widths.Skip(6 * 4).Take(6));
        Assert.All(Enumerable.Range(0, 5), s => Assert.Equal(11, widths.Skip(s * 6).Take(6).Sum()));
        foreach (var value in new[] { "ABC", "CN100234-1", "L0000123", " ~!\"#", "9434765919" })
        {
            Assert.Equal(value, Code128.Decode(Code128.Encode(value)));
        }
    }

    [Fact]
    public void GivenCharacterOutsideCodeSetB_WhenEncoded_ThenRefusedNamingPosition()
    {
        var ex = Assert.Throws<ArgumentException>(() => Code128.Encode("AB£"));
        Assert.Contains("Character 3", ex.Message, StringComparison.Ordinal);
    }
}
