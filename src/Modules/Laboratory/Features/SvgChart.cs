using System.Globalization;
using System.Net;
using System.Text;

namespace Infirmary.Laboratory.Features;

/// <summary>One point of a <see cref="SvgChart.Series"/> chart; <paramref name="Marked"/> draws it as an out-of-range point.</summary>
public sealed record ChartPoint(string Label, double Value, bool Marked = false);

/// <summary>A horizontal line across a chart (a mean, ±2 SD, a target).</summary>
public sealed record ChartGuide(double Value, string Label, bool Strong = false);

/// <summary>One bar of a <see cref="SvgChart.Bars"/> chart, with an optional target marker.</summary>
public sealed record ChartBar(string Label, double Value, double? Target = null);

/// <summary>
/// Small charts drawn on the server as inline SVG (no script, readable without JavaScript, printable): a series in run or
/// time order with a shaded normal band and guide lines (cumulative trend, Levey–Jennings), and horizontal bars against
/// targets (turnaround times). Every chart carries a title and a description for screen readers; the page also shows
/// the numbers as a table.
/// </summary>
public static class SvgChart
{
    private const double Width = 640;
    private const double Height = 240;
    private const double Left = 56;
    private const double Right = 16;
    private const double Top = 16;
    private const double Bottom = 40;

    public static string Series(string title, IReadOnlyList<ChartPoint> points, IReadOnlyList<ChartGuide>? guides = null, (double Low, double High)? band = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        guides ??= [];
        var values = points.Select(p => p.Value).Concat(guides.Select(g => g.Value)).ToList();
        if (band is { } b)
        {
            values.Add(b.Low);
            values.Add(b.High);
        }

        var (min, max) = Range(values);
        double X(int i) => points.Count <= 1 ? Left + ((Width - Left - Right) / 2) : Left + (i * (Width - Left - Right) / (points.Count - 1));
        double Y(double v) => Top + ((max - v) * (Height - Top - Bottom) / (max - min));

        var svg = Open(title, $"{points.Count} values from {Num(points.Select(p => p.Value).DefaultIfEmpty(0).Min())} to {Num(points.Select(p => p.Value).DefaultIfEmpty(0).Max())}");
        if (band is { } nb)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{F(Y(nb.High))}\" width=\"{Width - Left - Right}\" height=\"{F(Y(nb.Low) - Y(nb.High))}\" fill=\"#e6f2e6\" data-band=\"normal\"/>");
        }

        Axis(svg, min, max, Y);
        foreach (var g in guides)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(g.Value))}\" y2=\"{F(Y(g.Value))}\" stroke=\"{(g.Strong ? "#333" : "#b00")}\" stroke-dasharray=\"{(g.Strong ? "none" : "4 3")}\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right - 2}\" y=\"{F(Y(g.Value) - 2)}\" text-anchor=\"end\" font-size=\"10\">{E(g.Label)}</text>");
        }

        if (points.Count > 1)
        {
            svg.Append("<polyline fill=\"none\" stroke=\"#005eb8\" stroke-width=\"1.5\" points=\"");
            svg.AppendJoin(' ', points.Select((p, i) => $"{F(X(i))},{F(Y(p.Value))}"));
            svg.Append("\"/>");
        }

        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            svg.Append(CultureInfo.InvariantCulture,
                $"<circle cx=\"{F(X(i))}\" cy=\"{F(Y(p.Value))}\" r=\"{(p.Marked ? 5 : 3.5)}\" fill=\"{(p.Marked ? "#d5281b" : "#005eb8")}\" data-value=\"{Num(p.Value)}\"><title>{E(p.Label)}: {Num(p.Value)}</title></circle>");
            if (points.Count <= 12 || i % (int)Math.Ceiling(points.Count / 12.0) == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(i))}\" y=\"{Height - Bottom + 14}\" text-anchor=\"middle\" font-size=\"9\">{E(p.Label)}</text>");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    public static string Bars(string title, IReadOnlyList<ChartBar> bars, string unit)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var max = bars.SelectMany(b => new[] { b.Value, b.Target ?? 0 }).DefaultIfEmpty(1).Max();
        max = max <= 0 ? 1 : max * 1.1;
        var rowHeight = 22.0;
        var height = Top + (bars.Count * rowHeight) + 8;
        double X(double v) => 120 + (v * (Width - 120 - Right) / max);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {Width} {F(height)}\" width=\"100%\" aria-labelledby=\"chart-title\" class=\"chart\"><title id=\"chart-title\">{E(title)}</title>");
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = Top + (i * rowHeight);
            var late = b.Target is { } t && b.Value > t;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"114\" y=\"{F(y + 14)}\" text-anchor=\"end\" font-size=\"11\">{E(b.Label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"120\" y=\"{F(y + 3)}\" width=\"{F(X(b.Value) - 120)}\" height=\"14\" fill=\"{(late ? "#d5281b" : "#005eb8")}\" data-value=\"{Num(b.Value)}\"><title>{E(b.Label)}: {Num(b.Value)} {E(unit)}</title></rect>");
            if (b.Target is { } target)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(X(target))}\" x2=\"{F(X(target))}\" y1=\"{F(y)}\" y2=\"{F(y + 20)}\" stroke=\"#333\" stroke-width=\"2\" data-target=\"{Num(target)}\"/>");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string title, string description) => new StringBuilder().Append(CultureInfo.InvariantCulture,
        $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" aria-labelledby=\"chart-title chart-desc\" class=\"chart\"><title id=\"chart-title\">{E(title)}</title><desc id=\"chart-desc\">{E(description)}</desc>");

    private static void Axis(StringBuilder svg, double min, double max, Func<double, double> y)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" stroke=\"#666\"/>");
        for (var k = 0; k <= 4; k++)
        {
            var v = min + ((max - min) * k / 4);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{F(y(v) + 3)}\" text-anchor=\"end\" font-size=\"9\">{Num(v)}</text>");
        }
    }

    private static (double Min, double Max) Range(List<double> values)
    {
        if (values.Count == 0)
        {
            return (0, 1);
        }

        var min = values.Min();
        var max = values.Max();
        var pad = max > min ? (max - min) * 0.1 : Math.Max(Math.Abs(max) * 0.1, 1);
        return (min - pad, max + pad);
    }

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
