using System.Globalization;
using System.Security;
using System.Text;

namespace CaucusRooms.Bench.Reporting;

/// <summary>
/// Line charts as plain SVG (no dependency): one line per series, a logarithmic or linear y axis, an optional
/// horizontal limit. Written next to the markdown page and linked from it.
/// </summary>
internal static class Charts
{
    private const int Width = 760, Height = 380, Left = 70, Right = 250, Top = 30, Bottom = 50;
    private static readonly int[] NiceSteps = [1, 2, 5, 10];
    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

    internal sealed record Series(string Name, IReadOnlyList<(double X, double Y)> Points);

    /// <summary>p99 against the send rate actually sent, for every target (its steady phase and sweep steps).</summary>
    public static string P99AgainstRate(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var series = report.Targets.Select(t => new Series(t.Target,
            [.. new[] { t.Steady }.OfType<PhaseResult>().Concat(t.Sweep).Where(p => p.Delivered > 0)
                .GroupBy(p => p.RatePerPerson).Select(g => g.OrderBy(p => p.Latency.P99Ms).First())
                .OrderBy(p => p.RatePerPerson).Select(p => (p.OfferedPerSecond, Math.Max(0.1, p.Latency.P99Ms)))])).ToList();
        return Svg($"p99 delivery latency against the send rate offered ({report.At:yyyy-MM-dd HH:mm} UTC, load average {report.Machine.LoadAverageBefore})",
            "sends offered per second", "p99 ms (log)", series, logY: true, limit: report.LatencyLimitMs);
    }

    /// <summary>A chart of <paramref name="series"/> on a linear y axis (the scale chart's CPU and memory panels).</summary>
    public static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<Series> series) =>
        Svg(title, xLabel, yLabel, series, logY: false, limit: null);

    private static string Svg(string title, string xLabel, string yLabel, IReadOnlyList<Series> series, bool logY, double? limit)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        var svg = new StringBuilder();
        svg.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(F($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n<text x=\"{Left}\" y=\"18\" font-size=\"13\">{E(title)}</text>\n"));
        if (points.Count == 0) return svg.Append("<text x=\"100\" y=\"100\">no data</text>\n</svg>\n").ToString();
        var xMax = Nice(points.Max(p => p.X));
        var (yMin, yMax) = logY
            ? (Math.Pow(10, Math.Floor(Math.Log10(Math.Min(points.Min(p => p.Y), limit ?? double.MaxValue)))), Math.Pow(10, Math.Ceiling(Math.Log10(Math.Max(points.Max(p => p.Y), limit ?? 0)))))
            : (0, Nice(points.Max(p => p.Y)));
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double X(double x) => Left + (plotW * x / xMax);
        double Y(double y) => logY ? Top + plotH - (plotH * (Math.Log10(y) - Math.Log10(yMin)) / (Math.Log10(yMax) - Math.Log10(yMin))) : Top + plotH - (plotH * y / yMax);
        svg.Append(F($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#999\"/>\n"));
        for (var i = 0; i <= 5; i++)
        {
            var x = xMax * i / 5;
            svg.Append(F($"<text x=\"{X(x):0.#}\" y=\"{Top + plotH + 16}\" text-anchor=\"middle\">{x:0.##}</text>\n"));
        }
        var ticks = logY
            ? Enumerable.Range(0, (int)Math.Round(Math.Log10(yMax / yMin)) + 1).Select(k => yMin * Math.Pow(10, k))
            : Enumerable.Range(0, 6).Select(k => yMax * k / 5);
        foreach (var y in ticks)
            svg.Append(F($"<line x1=\"{Left}\" x2=\"{Left + plotW}\" y1=\"{Y(y):0.#}\" y2=\"{Y(y):0.#}\" stroke=\"#eee\"/><text x=\"{Left - 6}\" y=\"{Y(y) + 4:0.#}\" text-anchor=\"end\">{y:0.##}</text>\n"));
        svg.Append(F($"<text x=\"{Left + (plotW / 2)}\" y=\"{Height - 12}\" text-anchor=\"middle\">{E(xLabel)}</text>\n"));
        svg.Append(F($"<text transform=\"translate(16 {Top + (plotH / 2)}) rotate(-90)\" text-anchor=\"middle\">{E(yLabel)}</text>\n"));
        if (limit is { } l)
            svg.Append(F($"<line x1=\"{Left}\" x2=\"{Left + plotW}\" y1=\"{Y(l):0.#}\" y2=\"{Y(l):0.#}\" stroke=\"#000\" stroke-dasharray=\"6 4\"/><text x=\"{Left + plotW - 4}\" y=\"{Y(l) - 4:0.#}\" text-anchor=\"end\">limit {l:0} ms</text>\n"));
        for (var i = 0; i < series.Count; i++)
        {
            var colour = Colours[i % Colours.Length];
            var s = series[i];
            svg.Append(F($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', s.Points.Select(p => F($"{X(p.X):0.#},{Y(p.Y):0.#}")))}\"/>\n"));
            foreach (var p in s.Points) svg.Append(F($"<circle cx=\"{X(p.X):0.#}\" cy=\"{Y(p.Y):0.#}\" r=\"3\" fill=\"{colour}\"/>\n"));
            svg.Append(F($"<rect x=\"{Width - Right + 12}\" y=\"{Top + (i * 34)}\" width=\"12\" height=\"12\" fill=\"{colour}\"/>"));
            svg.Append(Label(s.Name, Width - Right + 30, Top + 10 + (i * 34)));
        }
        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>A legend label, wrapped on two lines when long.</summary>
    private static string Label(string text, int x, int y)
    {
        var cut = text.Length > 30 ? text.LastIndexOf(' ', 30) : -1;
        return cut < 0
            ? F($"<text x=\"{x}\" y=\"{y}\">{E(text)}</text>\n")
            : F($"<text x=\"{x}\" y=\"{y}\">{E(text[..cut])}<tspan x=\"{x}\" dy=\"14\">{E(text[(cut + 1)..])}</tspan></text>\n");
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="value"/>.</summary>
    private static double Nice(double value)
    {
        if (value <= 0) return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return NiceSteps.Select(k => k * power).First(v => v >= value);
    }

    private static string E(string text) => SecurityElement.Escape(text);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
