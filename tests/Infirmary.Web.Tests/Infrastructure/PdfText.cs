using System.Text;
using System.Text.RegularExpressions;

namespace Infirmary.Web.Tests.Infrastructure;

/// <summary>
/// The text drawn in a PDF made by the platform's renderer, which writes uncompressed WinAnsi text: each drawn line is
/// a literal string operand of Tj. Enough to check what a printed document says.
/// </summary>
public static partial class PdfText
{
    public static string Of(byte[] pdf) => string.Join(
        "\n",
        TjPattern().Matches(Encoding.Latin1.GetString(pdf)).Select(m => Regex.Unescape(m.Groups["t"].Value)));

    public static int Pages(byte[] pdf) => PagePattern().Count(Encoding.Latin1.GetString(pdf));

    [GeneratedRegex(@"\((?<t>(?:\\.|[^\\)])*)\)\s*Tj")]
    private static partial Regex TjPattern();

    [GeneratedRegex(@"/Type\s*/Page[^s]")]
    private static partial Regex PagePattern();
}
