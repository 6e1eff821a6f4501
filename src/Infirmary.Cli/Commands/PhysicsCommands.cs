using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Infirmary.Dosimetry;

namespace Infirmary.Cli.Commands;

/// <summary>
/// <c>infirmary physics kq|ptp|pion|ppol|bed|eqd2|gamma</c>: the dosimetry engine from the command line. Each prints
/// one number (or a JSON object with <c>--json</c>); bad input is one line naming the input, a non-zero exit and no number.
/// </summary>
public static class PhysicsCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var physics = new Command("physics", "Medical physics calculations: TG-51 kQ and corrections, BED/EQD2, gamma index.");
        physics.Subcommands.Add(Kq(output, error));
        physics.Subcommands.Add(Ptp(output, error));
        physics.Subcommands.Add(Pion(output, error));
        physics.Subcommands.Add(Ppol(output, error));
        physics.Subcommands.Add(Lq("bed", "Biologically effective dose BED = nd(1 + d/(α/β)).", LinearQuadratic.Bed, output, error));
        physics.Subcommands.Add(Lq("eqd2", "Equivalent dose in 2 Gy fractions EQD2 = BED/(1 + 2/(α/β)).", LinearQuadratic.Eqd2, output, error));
        physics.Subcommands.Add(Gamma(output, error));
        physics.Subcommands.Add(CheckCommissioning(output, error));
        return physics;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Print a JSON object instead of the bare number." };

    private static Command Kq(TextWriter output, TextWriter error)
    {
        var chamber = new Option<string>("--chamber") { Description = "Chamber as named in the TG-51 addendum (e.g. NE2571, 30013, PTW30013).", Required = true };
        var pddx = new Option<double>("--pddx") { Description = "%dd(10)x, 63 to 86.", Required = true };
        var json = JsonOption();
        var command = new Command("kq", "TG-51 addendum photon kQ from %dd(10)x.") { chamber, pddx, json };
        command.SetAction(parse => Run(error, () =>
        {
            var found = Tg51.FindChamber(parse.GetValue(chamber)!);
            var x = parse.GetValue(pddx);
            var kq = Tg51.PhotonKq(found, x);
            Print(output, parse.GetValue(json), "kq", kq, 4, new Dictionary<string, object> { ["chamber"] = found.Name, ["pddx"] = x });
        }, ("name", "--chamber"), ("pddx", "--pddx")));
        return command;
    }

    private static Command Ptp(TextWriter output, TextWriter error)
    {
        var temperature = new Option<double>("--temperature-c") { Description = "Temperature in °C.", Required = true };
        var pressure = new Option<double>("--pressure-kpa") { Description = "Pressure in kPa.", Required = true };
        var json = JsonOption();
        var command = new Command("ptp", "TG-51 temperature-pressure correction P_TP.") { temperature, pressure, json };
        command.SetAction(parse => Run(error, () =>
        {
            var t = parse.GetValue(temperature);
            var p = parse.GetValue(pressure);
            Print(output, parse.GetValue(json), "ptp", Tg51.Ptp(t, p), 4, new Dictionary<string, object> { ["temperatureC"] = t, ["pressureKpa"] = p });
        }, ("temperatureC", "--temperature-c"), ("pressureKpa", "--pressure-kpa")));
        return command;
    }

    private static Command Pion(TextWriter output, TextWriter error)
    {
        var vHigh = new Option<double>("--v-high") { Description = "Operating voltage V_H.", Required = true };
        var vLow = new Option<double>("--v-low") { Description = "Reduced voltage V_L.", Required = true };
        var mHigh = new Option<double>("--m-high") { Description = "Reading at V_H.", Required = true };
        var mLow = new Option<double>("--m-low") { Description = "Reading at V_L.", Required = true };
        var continuous = new Option<bool>("--continuous") { Description = "Continuous (⁶⁰Co) beam instead of pulsed." };
        var json = JsonOption();
        var command = new Command("pion", "TG-51 two-voltage ion-collection correction P_ion.") { vHigh, vLow, mHigh, mLow, continuous, json };
        command.SetAction(parse => Run(error, () =>
        {
            var value = Tg51.Pion(parse.GetValue(vHigh), parse.GetValue(vLow), parse.GetValue(mHigh), parse.GetValue(mLow), !parse.GetValue(continuous));
            Print(output, parse.GetValue(json), "pion", value, 4, []);
        }, ("voltageHigh", "--v-high"), ("voltageLow", "--v-low"), ("readingHigh", "--m-high"), ("readingLow", "--m-low")));
        return command;
    }

    private static Command Ppol(TextWriter output, TextWriter error)
    {
        var mPlus = new Option<double>("--m-plus") { Description = "Reading at positive polarity (signed).", Required = true };
        var mMinus = new Option<double>("--m-minus") { Description = "Reading at negative polarity (signed).", Required = true };
        var used = new Option<string>("--used") { Description = "Polarity used for calibration: positive or negative.", DefaultValueFactory = _ => "negative" };
        var json = JsonOption();
        var command = new Command("ppol", "TG-51 polarity correction P_pol.") { mPlus, mMinus, used, json };
        command.SetAction(parse => Run(error, () =>
        {
            var plus = parse.GetValue(mPlus);
            var minus = parse.GetValue(mMinus);
            var reading = parse.GetValue(used) switch
            {
                "positive" => plus,
                "negative" => minus,
                var other => throw new ArgumentException($"--used must be positive or negative, not '{other}'."),
            };
            Print(output, parse.GetValue(json), "ppol", Tg51.Ppol(plus, minus, reading), 4, []);
        }, ("readingPositive", "--m-plus"), ("readingNegative", "--m-minus"), ("readingUsed", "--used")));
        return command;
    }

    private static Command Lq(string name, string description, Func<double, int, double, double> formula, TextWriter output, TextWriter error)
    {
        var dose = new Option<double>("--dose-gy") { Description = "Total physical dose in Gy.", Required = true };
        var fractions = new Option<int>("--fractions") { Description = "Number of fractions.", Required = true };
        var alphaBeta = new Option<double>("--alpha-beta") { Description = "α/β in Gy.", Required = true };
        var json = JsonOption();
        var command = new Command(name, description) { dose, fractions, alphaBeta, json };
        command.SetAction(parse => Run(error, () =>
        {
            var d = parse.GetValue(dose);
            var n = parse.GetValue(fractions);
            var ab = parse.GetValue(alphaBeta);
            var value = formula(d, n, ab);
            Print(output, parse.GetValue(json), name + "Gy", value, 2, new Dictionary<string, object> { ["doseGy"] = d, ["fractions"] = n, ["alphaBeta"] = ab });
        }, ("totalDoseGy", "--dose-gy"), ("fractions", "--fractions"), ("alphaBeta", "--alpha-beta")));
        return command;
    }

    private static Command Gamma(TextWriter output, TextWriter error)
    {
        var reference = new Option<FileInfo>("--reference") { Description = "Reference (planned) dose grid JSON.", Required = true };
        var evaluation = new Option<FileInfo>("--evaluation") { Description = "Evaluated (measured) dose grid JSON.", Required = true };
        var dosePercent = new Option<double>("--dose-percent") { Description = "Dose-difference criterion in percent.", Required = true };
        var distance = new Option<double>("--distance-mm") { Description = "Distance-to-agreement criterion in mm.", Required = true };
        var local = new Option<bool>("--local") { Description = "Local dose difference (percent of the reference dose at the point)." };
        var cutoff = new Option<double>("--cutoff-percent") { Description = "Lower dose cut-off, percent of the maximum reference dose.", DefaultValueFactory = _ => 10.0 };
        var interp = new Option<double>("--interp-fraction") { Description = "Sub-voxel resolution as in PyMedPhys: search boxes are never split below the DTA divided by this.", DefaultValueFactory = _ => 10.0 };
        var maxGamma = new Option<double>("--max-gamma") { Description = "Search radius in units of the DTA; gamma is capped here.", DefaultValueFactory = _ => 2.0 };
        var outFile = new Option<FileInfo>("--out") { Description = "Write {\"passRate\", \"gamma\"} JSON here." };
        var json = JsonOption();
        var command = new Command("gamma", "Gamma index (1D, 2D or 3D) of an evaluated against a reference dose grid.")
        {
            reference, evaluation, dosePercent, distance, local, cutoff, interp, maxGamma, outFile, json,
        };
        command.SetAction(parse => Run(error, () =>
        {
            var watch = Stopwatch.StartNew();
            // The two grids are parsed at the same time: on two cores that halves the reading (tens of MB of text at 128³).
            var evaluationRead = Task.Run(() => DoseGridJson.ReadFile(parse.GetValue(evaluation)!.FullName, "evaluation"));
            var referenceGrid = DoseGridJson.ReadFile(parse.GetValue(reference)!.FullName, "reference");
            var evaluationGrid = evaluationRead.GetAwaiter().GetResult();
            var options = new GammaOptions(parse.GetValue(dosePercent), parse.GetValue(distance), parse.GetValue(local),
                parse.GetValue(cutoff), parse.GetValue(interp), parse.GetValue(maxGamma));
            var result = GammaIndex.Compute(referenceGrid, evaluationGrid, options);
            var path = parse.GetValue(outFile);
            if (path is not null)
            {
                try
                {
                    using var stream = File.Create(path.FullName);
                    DoseGridJson.WriteGamma(stream, result);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new ArgumentException($"--out: cannot write '{path.FullName}': {ex.Message}", ex);
                }
            }

            double sum = 0;
            var max = 0f;
            foreach (var g in result.Gamma)
            {
                if (!float.IsNaN(g))
                {
                    sum += g;
                    max = Math.Max(max, g);
                }
            }

            Print(output, parse.GetValue(json), "passRate", result.PassRatePercent, 2, new Dictionary<string, object>
            {
                ["evaluatedPoints"] = result.EvaluatedPoints,
                ["passedPoints"] = result.PassedPoints,
                ["meanGamma"] = result.EvaluatedPoints == 0 ? 0.0 : Math.Round(sum / result.EvaluatedPoints, 4),
                ["maxGamma"] = Math.Round(max, 4),
                ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 3),
            });
        }, ("dose-percent", "--dose-percent"), ("distance-mm", "--distance-mm"), ("interp-fraction", "--interp-fraction"), ("max-gamma", "--max-gamma"), ("options", "--cutoff-percent")));
        return command;
    }

    // Engine errors are ArgumentExceptions whose message names the input; they become one line and exit code 1.
    /// <summary>
    /// Checks a beam's commissioning CSV (ADR 0090) before it is imported (through the beam's page or
    /// <c>POST /api/v1/physics/beams/{id}/data</c>): each refusal with its line and column, or what the file holds.
    /// </summary>
    private static Command CheckCommissioning(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV file." };
        var command = new Command("check-commissioning", "Check a beam's commissioning data CSV (layout of ADR 0090) without importing it.") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!.FullName;
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: cannot read '{path}': {ex.Message}");
                return 1;
            }

            var (data, errors) = Infirmary.Physics.Domain.CommissioningCsv.Parse(text);
            if (data is null)
            {
                foreach (var e in errors)
                {
                    error.WriteLine($"error: {e}");
                }

                return 1;
            }

            output.WriteLine(data.Summary);
            return 0;
        });
        return command;
    }

    private static int Run(TextWriter error, Action action, params (string Parameter, string Option)[] names)
    {
        try
        {
            action();
            return 0;
        }
        catch (ArgumentException ex)
        {
            var message = ex.Message;
            var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
            message = cut >= 0 ? message[..cut] : message;
            var option = names.FirstOrDefault(n => n.Parameter == ex.ParamName).Option;
            error.WriteLine(option is null ? $"error: {message}" : $"error: {option}: {message}");
            return 1;
        }
    }

    private static void Print(TextWriter output, bool json, string name, double value, int decimals, Dictionary<string, object> inputs)
    {
        var rounded = Math.Round(value, decimals);
        if (!json)
        {
            output.WriteLine(rounded.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            return;
        }

        var body = new Dictionary<string, object>(inputs) { [name] = rounded };
        output.WriteLine(JsonSerializer.Serialize(body));
    }
}
