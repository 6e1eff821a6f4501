using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Infirmary.Platform.Documents;

namespace Infirmary.Web.Tests.Infrastructure;

/// <summary>
/// Reads the Code 128 barcodes back out of a PDF made by the platform's renderer, as a scanner would: the bars are
/// filled rectangles (<c>x y w h re f</c>) in each page's uncompressed content stream; their widths and the gaps
/// between them, in modules, decode with <see cref="Code128.Decode"/>. Pages without bars are skipped.
/// </summary>
public static partial class PdfBarcodes
{
    public static IReadOnlyList<string> Of(byte[] pdf)
    {
        var found = new List<string>();
        foreach (var stream in Encoding.Latin1.GetString(pdf).Split("endstream"))
        {
            var bars = FilledRect().Matches(stream)
                .Select(m => (X: Num(m, "x"), W: Num(m, "w")))
                .Where(r => r.W > 0)
                .OrderBy(r => r.X)
                .ToList();
            if (bars.Count < 10)
            {
                continue;
            }

            var module = bars.Min(b => b.W);
            var widths = new List<int>();
            for (var i = 0; i < bars.Count; i++)
            {
                widths.Add((int)Math.Round(bars[i].W / module));
                if (i + 1 < bars.Count)
                {
                    widths.Add((int)Math.Round((bars[i + 1].X - (bars[i].X + bars[i].W)) / module));
                }
            }

            found.Add(Code128.Decode(widths));
        }

        return found;
    }

    private static double Num(Match m, string group) => double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<x>-?[0-9.]+) (?<y>-?[0-9.]+) (?<w>-?[0-9.]+) (?<h>-?[0-9.]+) re\s+f\b")]
    private static partial Regex FilledRect();
}
