using System.Globalization;
using System.Text;
using Infirmary.Dosimetry;

namespace Infirmary.Physics.Domain;

/// <summary>One point of a trend: when, the value, and whether it was within tolerance.</summary>
public sealed record TrendPoint(DateTime At, double Value, bool Passed);

/// <summary>
/// The pictures physics results carry, drawn server-side as SVG text (ADR 0091): a gamma map and a QA trend chart.
/// They contain only numbers and fixed labels, never user text, so they can be embedded in a page as they are.
/// </summary>
public static class SvgPictures
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The largest side, in cells, of a gamma map; larger slices are reduced, keeping the worst gamma of each block.</summary>
    public const int MaxMapCells = 160;

    /// <summary>
    /// The gamma map of a result as an SVG, and which plane it shows: a 2D grid whole, a 3D grid's axial slice (last axis)
    /// through the maximum reference dose, a 1D profile as a strip. Grey is below the cut-off; green to yellow passes
    /// (γ ≤ 1); orange to red fails.
    /// </summary>
    public static (string Svg, string Slice) GammaMap(DoseGrid reference, GammaResult result)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(result);
        var shape = result.Shape;
        int nx = shape[0], ny = shape.Length > 1 ? shape[1] : 1, nz = shape.Length > 2 ? shape[2] : 1;
        var k = 0;
        string slice;
        if (shape.Length == 3)
        {
            var max = float.MinValue;
            for (var i = 0; i < reference.Dose.Length; i++)
            {
                if (reference.Dose[i] > max)
                {
                    max = reference.Dose[i];
                    k = i % nz;
                }
            }

            slice = $"{Axis(shape.Length)} = {reference.Axes[2][k].ToString("0.0", Inv)} mm (slice {k + 1} of {nz}, through the maximum reference dose)";
        }
        else
        {
            slice = shape.Length == 2 ? "the whole 2D grid" : "the 1D profile";
        }

        // Columns run along the first axis, rows along the second.
        var stepX = (nx + MaxMapCells - 1) / MaxMapCells;
        var stepY = (ny + MaxMapCells - 1) / MaxMapCells;
        var cols = (nx + stepX - 1) / stepX;
        var rows = (ny + stepY - 1) / stepY;
        var cell = Math.Max(2, 480 / Math.Max(cols, rows));
        var width = cols * cell;
        var height = Math.Max(rows * cell, 24);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Gamma map, {Esc(slice)}\" width=\"{width + 130}\" height=\"{height + 20}\" viewBox=\"0 0 {width + 130} {height + 20}\" data-testid=\"gamma-map\">");
        for (var r = 0; r < rows; r++)
        {
            var runStart = 0;
            string? runColour = null;
            for (var c = 0; c <= cols; c++)
            {
                string? colour = null;
                if (c < cols)
                {
                    var worst = float.NaN;
                    for (var i = c * stepX; i < Math.Min(nx, (c + 1) * stepX); i++)
                    {
                        for (var j = r * stepY; j < Math.Min(ny, (r + 1) * stepY); j++)
                        {
                            var g = result.Gamma[(((i * ny) + j) * nz) + k];
                            if (!float.IsNaN(g) && (float.IsNaN(worst) || g > worst))
                            {
                                worst = g;
                            }
                        }
                    }

                    colour = Colour(worst);
                }

                if (colour != runColour)
                {
                    if (runColour is not null)
                    {
                        // SVG's y grows downwards; the second axis is drawn growing upwards.
                        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{runStart * cell}\" y=\"{height - ((r + 1) * cell)}\" width=\"{(c - runStart) * cell}\" height=\"{cell}\" fill=\"{runColour}\"/>");
                    }

                    runStart = c;
                    runColour = colour;
                }
            }
        }

        // Legend.
        var legend = new (string Label, float Gamma)[] { ("γ ≤ 0.5", 0.25f), ("γ ≤ 1", 0.9f), ("γ ≤ 1.5", 1.3f), ("γ > 1.5", 2f) };
        for (var i = 0; i < legend.Length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{width + 10}\" y=\"{10 + (i * 20)}\" width=\"14\" height=\"14\" fill=\"{Colour(legend[i].Gamma)}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{width + 30}\" y=\"{22 + (i * 20)}\" font-size=\"12\" font-family=\"Arial, sans-serif\">{legend[i].Label}</text>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{width + 10}\" y=\"90\" width=\"14\" height=\"14\" fill=\"{Colour(float.NaN)}\"/><text x=\"{width + 30}\" y=\"102\" font-size=\"12\" font-family=\"Arial, sans-serif\">not evaluated</text>");
        sb.Append("</svg>");
        return (sb.ToString(), slice);
    }

    private static string Axis(int dimensions) => dimensions == 3 ? "z" : "y";

    /// <summary>Quantised colours so neighbouring cells merge into runs.</summary>
    public static string Colour(float gamma)
    {
        if (float.IsNaN(gamma))
        {
            return "#e8edee";
        }

        if (gamma <= 1f)
        {
            // Green (#007f3b) to yellow (#ffeb3b) in five steps.
            var t = MathF.Round(gamma * 4f) / 4f;
            return Mix((0x00, 0x7f, 0x3b), (0xff, 0xeb, 0x3b), t);
        }

        // Orange (#ed8b00) to red (#d5281b) in four steps up to γ = 2.
        var u = MathF.Round(Math.Min(gamma - 1f, 1f) * 3f) / 3f;
        return Mix((0xed, 0x8b, 0x00), (0xd5, 0x28, 0x1b), u);
    }

    private static string Mix((int R, int G, int B) a, (int R, int G, int B) b, float t) =>
        $"#{(int)(a.R + ((b.R - a.R) * t)):x2}{(int)(a.G + ((b.G - a.G) * t)):x2}{(int)(a.B + ((b.B - a.B) * t)):x2}";

    /// <summary>A trend chart of one QA check: values against date, the ± tolerance band, failures in red.</summary>
    public static string Trend(IReadOnlyList<TrendPoint> points, double tolerance, string unit, Func<DateTime, string> dateLabel)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(dateLabel);
        const int w = 640, h = 260, left = 60, right = 20, top = 20, bottom = 40;
        var plotW = w - left - right;
        var plotH = h - top - bottom;
        var limit = Math.Max(tolerance * 1.5, points.Count == 0 ? 0 : points.Max(p => Math.Abs(p.Value)) * 1.1);
        limit = limit <= 0 ? 1 : limit;
        double Y(double v) => top + (plotH / 2.0) - (v / limit * (plotH / 2.0));
        var t0 = points.Count == 0 ? DateTime.UtcNow : points.Min(p => p.At);
        var t1 = points.Count == 0 ? t0 : points.Max(p => p.At);
        var span = Math.Max((t1 - t0).TotalSeconds, 1);
        double X(DateTime t) => points.Count <= 1 ? left + (plotW / 2.0) : left + ((t - t0).TotalSeconds / span * plotW);
        string F(double v) => v.ToString("0.#", Inv);

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Trend of {points.Count} results against a tolerance of ±{F(tolerance)} {unit}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" data-testid=\"trend-chart\" font-family=\"Arial, sans-serif\" font-size=\"11\">");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{F(Y(tolerance))}\" width=\"{plotW}\" height=\"{F(Y(-tolerance) - Y(tolerance))}\" fill=\"#e6f2ea\"/>");
        foreach (var (v, label) in new[] { (tolerance, $"+{F(tolerance)}"), (0.0, "0"), (-tolerance, $"−{F(tolerance)}") })
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{F(Y(v))}\" y2=\"{F(Y(v))}\" stroke=\"{(v == 0 ? "#768692" : "#007f3b")}\" stroke-dasharray=\"{(v == 0 ? "2,2" : "6,3")}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\">{label} {unit}</text>");
        }

        if (points.Count > 1)
        {
            sb.Append("<polyline fill=\"none\" stroke=\"#005eb8\" stroke-width=\"1.5\" points=\"");
            sb.AppendJoin(' ', points.Select(p => $"{F(X(p.At))},{F(Y(p.Value))}"));
            sb.Append("\"/>");
        }

        foreach (var p in points)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(p.At))}\" cy=\"{F(Y(p.Value))}\" r=\"4\" fill=\"{(p.Passed ? "#005eb8" : "#d5281b")}\" data-value=\"{p.Value.ToString("0.###", Inv)}\"><title>{dateLabel(p.At)}: {p.Value.ToString("0.##", Inv)} {unit}{(p.Passed ? string.Empty : " (outside tolerance)")}</title></circle>");
        }

        if (points.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{h - 12}\">{dateLabel(t0)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotW}\" y=\"{h - 12}\" text-anchor=\"end\">{dateLabel(t1)}</text>");
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string Esc(string s) => System.Net.WebUtility.HtmlEncode(s);
}
