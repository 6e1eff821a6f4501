using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Infirmary.Matching;
using Infirmary.Matching.Csv;

namespace Infirmary.Cli.Commands;

/// <summary>
/// <c>infirmary mpi</c>: batch record linkage over CSV files with the matching engine.
/// <c>mpi dedupe FILE --out CLUSTERS.csv</c> groups the records of one file into people;
/// <c>mpi link LEFT RIGHT --out PAIRS.csv</c> pairs records of two files that are the same person.
/// Progress and problems go to stderr; malformed rows are reported with their line number and skipped.
/// </summary>
public static class MpiCommands
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var mpi = new Command("mpi", "Master patient index: find duplicate people in CSV files (probabilistic record linkage).");
        mpi.Subcommands.Add(BuildDedupe(output, error));
        mpi.Subcommands.Add(BuildLink(output, error));
        return mpi;
    }

    private sealed class CommonOptions
    {
        public Option<string[]> Map { get; } = new("--map")
        {
            Description = "Use COLUMN for ROLE, as role=column (repeatable). Roles: " + string.Join(", ", PersonColumnMap.RoleNames)
                + ". 'address' may be given several times for several address lines.",
            Arity = ArgumentArity.ZeroOrMore,
        };

        public Option<string?> Id { get; } = new("--id") { Description = "Column that names records (default: a column called id or rec_id; else the row number)." };

        public Option<double?> Threshold { get; } = new("--threshold")
        {
            Description = "Match threshold as match weight in bits (log2 of the likelihood ratio). Default: derived from --min-probability.",
        };

        public Option<double?> MinProbability { get; } = new("--min-probability")
        {
            Description = "Posterior match probability at which a pair is a match (default 0.99).",
        };

        public Option<double?> ReviewThreshold { get; } = new("--review-threshold")
        {
            Description = "Lower edge of the clerical-review band in bits (default: probability 0.2).",
        };

        public Option<FileInfo?> Review { get; } = new("--review") { Description = "Also write the clerical-review pairs (left_id,right_id,score,probability) to this file." };

        public Option<FileInfo?> ModelIn { get; } = new("--model") { Description = "Use the m/u values and thresholds in this JSON file instead of estimating them." };

        public Option<FileInfo?> ModelOut { get; } = new("--save-model") { Description = "Write the fitted model (m/u per field and level, prior, thresholds) as JSON." };

        public Option<bool> Quiet { get; } = new("--quiet") { Description = "No progress messages (problems are still reported)." };

        public void AddTo(Command command)
        {
            command.Options.Add(Map);
            command.Options.Add(Id);
            command.Options.Add(Threshold);
            command.Options.Add(MinProbability);
            command.Options.Add(ReviewThreshold);
            command.Options.Add(Review);
            command.Options.Add(ModelIn);
            command.Options.Add(ModelOut);
            command.Options.Add(Quiet);
        }
    }

    private static Command BuildDedupe(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "CSV file of person records, with a header row." };
        var outOption = new Option<FileInfo>("--out") { Description = "Where to write CLUSTERS.csv (id,cluster_id).", Required = true };
        var pairsOption = new Option<FileInfo?>("--pairs") { Description = "Also write the matching pairs (left_id,right_id,score)." };
        var common = new CommonOptions();
        var command = new Command("dedupe", "Group the records of one file into people. Writes id,cluster_id for every record; "
            + "cluster_id is the id of the cluster's first record.") { file, outOption, pairsOption };
        common.AddTo(command);
        command.SetAction(parse => Run(error, () =>
        {
            var log = Logger(error, parse.GetValue(common.Quiet));
            var sw = Stopwatch.StartNew();
            var (map, id) = ParseMapping(parse.GetValue(common.Map), parse.GetValue(common.Id));
            var input = parse.GetValue(file)!;
            var records = ReadRecords(input, map, id, error, log);
            var options = Options(parse, common, log);
            var result = Linker.Dedupe(records, options);

            var outFile = parse.GetValue(outOption)!;
            var firstOfCluster = new string[result.ClusterCount];
            for (var i = records.Count - 1; i >= 0; i--)
            {
                firstOfCluster[result.ClusterOf[i]] = records[i].Id;
            }

            using (var writer = CreateWriter(outFile))
            {
                CsvWriter.WriteRow(writer, "id", "cluster_id");
                for (var i = 0; i < records.Count; i++)
                {
                    CsvWriter.WriteRow(writer, records[i].Id, firstOfCluster[result.ClusterOf[i]]);
                }
            }

            if (parse.GetValue(pairsOption) is { } pairsFile)
            {
                WritePairs(pairsFile, result.Matches, records, records, withProbability: null);
            }

            WriteReview(parse.GetValue(common.Review), result.ReviewList, records, records, result.Model);
            SaveModel(parse.GetValue(common.ModelOut), result.Model);
            var grouped = result.ClusterOf.GroupBy(c => c).Count(g => g.Count() > 1);
            log($"{records.Count:N0} records in {result.ClusterCount:N0} clusters ({grouped:N0} with more than one record); "
                + $"{result.Matches.Count():N0} matching pairs, {result.ReviewList.Count():N0} for review; wrote {outFile.FullName} in {sw.Elapsed.TotalSeconds:0.0} s");
            output.Flush();
            return 0;
        }));
        return command;
    }

    private static Command BuildLink(TextWriter output, TextWriter error)
    {
        var left = new Argument<FileInfo>("LEFT") { Description = "First CSV file of person records." };
        var right = new Argument<FileInfo>("RIGHT") { Description = "Second CSV file of person records." };
        var outOption = new Option<FileInfo>("--out") { Description = "Where to write PAIRS.csv (left_id,right_id,score).", Required = true };
        var common = new CommonOptions();
        var command = new Command("link", "Find the records of RIGHT that are the same person as records of LEFT. "
            + "Writes left_id,right_id,score for every matching pair, best first within each left record.") { left, right, outOption };
        common.AddTo(command);
        command.SetAction(parse => Run(error, () =>
        {
            var log = Logger(error, parse.GetValue(common.Quiet));
            var sw = Stopwatch.StartNew();
            var (map, id) = ParseMapping(parse.GetValue(common.Map), parse.GetValue(common.Id));
            var leftRecords = ReadRecords(parse.GetValue(left)!, map, id, error, log);
            var rightRecords = ReadRecords(parse.GetValue(right)!, map, id, error, log);
            var options = Options(parse, common, log);
            var result = Linker.Link(leftRecords, rightRecords, options);
            var outFile = parse.GetValue(outOption)!;
            var matches = result.Matches.ToList();
            WritePairs(outFile, matches, leftRecords, rightRecords, withProbability: null);
            WriteReview(parse.GetValue(common.Review), result.Pairs.Where(p => p.Decision == MatchDecision.Review), leftRecords, rightRecords, result.Model);
            SaveModel(parse.GetValue(common.ModelOut), result.Model);
            log($"{matches.Count:N0} matching pairs between {leftRecords.Count:N0} and {rightRecords.Count:N0} records; wrote {outFile.FullName} in {sw.Elapsed.TotalSeconds:0.0} s");
            output.Flush();
            return 0;
        }));
        return command;
    }

    private static int Run(TextWriter error, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException or FormatException or System.Text.Json.JsonException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static Action<string> Logger(TextWriter error, bool quiet) =>
        quiet ? _ => { } : message => error.WriteLine($"mpi: {message}");

    private static MatchOptions Options(ParseResult parse, CommonOptions common, Action<string> log)
    {
        var options = new MatchOptions { Log = log };
        if (parse.GetValue(common.ModelIn) is { } modelFile)
        {
            options = options with { Model = MatchModel.FromJson(File.ReadAllText(modelFile.FullName)), EstimateParameters = false };
        }

        if (parse.GetValue(common.MinProbability) is { } p)
        {
            if (p is <= 0 or >= 1)
            {
                throw new ArgumentException("--min-probability must be between 0 and 1");
            }

            options = options with { MatchProbability = p, ReviewProbability = Math.Min(options.ReviewProbability, p) };
        }

        if (parse.GetValue(common.Threshold) is { } t)
        {
            options = options with { MatchThreshold = t };
        }

        if (parse.GetValue(common.ReviewThreshold) is { } r)
        {
            options = options with { ReviewThreshold = r };
        }

        return options;
    }

    private static (List<KeyValuePair<PersonColumnRole, string>> Map, string? Id) ParseMapping(string[]? maps, string? id)
    {
        var list = new List<KeyValuePair<PersonColumnRole, string>>();
        foreach (var m in maps ?? [])
        {
            var eq = m.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == m.Length - 1)
            {
                throw new ArgumentException($"--map '{m}' should be role=column");
            }

            var roleText = m[..eq].Trim();
            if (!PersonColumnMap.TryParseRole(roleText, out var role))
            {
                throw new ArgumentException($"--map: unknown role '{roleText}'; roles are {string.Join(", ", PersonColumnMap.RoleNames)}");
            }

            list.Add(new(role, m[(eq + 1)..].Trim()));
        }

        return (list, id);
    }

    private static List<PersonRecord> ReadRecords(FileInfo file, List<KeyValuePair<PersonColumnRole, string>> map, string? id,
        TextWriter error, Action<string> log)
    {
        if (!file.Exists)
        {
            throw new FileNotFoundException($"{file.FullName} does not exist");
        }

        using var reader = new StreamReader(file.FullName, detectEncodingFromByteOrderMarks: true);
        var name = file.Name;
        var result = PersonCsv.Read(reader, map, id, problem => error.WriteLine($"{name}: {problem}"));
        log($"{name}: read {result.Records.Count:N0} records ({result.Map.Describe(result.Header)})"
            + (result.Problems.Count > 0 ? $"; {result.Problems.Count:N0} problems reported" : string.Empty));
        var duplicates = result.Records.GroupBy(r => r.Id, StringComparer.Ordinal).Count(g => g.Count() > 1);
        if (duplicates > 0)
        {
            error.WriteLine($"{name}: warning: {duplicates:N0} ids occur more than once");
        }

        return [.. result.Records];
    }

    private static StreamWriter CreateWriter(FileInfo file)
    {
        file.Directory?.Create();
        return new StreamWriter(file.FullName, append: false, new System.Text.UTF8Encoding(false));
    }

    private static void WritePairs(FileInfo file, IEnumerable<ScoredPair> pairs, IReadOnlyList<PersonRecord> left,
        IReadOnlyList<PersonRecord> right, MatchModel? withProbability)
    {
        using var writer = CreateWriter(file);
        CsvWriter.WriteRow(writer, withProbability is null ? ["left_id", "right_id", "score"] : ["left_id", "right_id", "score", "probability"]);
        foreach (var p in pairs.OrderBy(p => p.Left).ThenByDescending(p => p.Weight).ThenBy(p => p.Right))
        {
            var score = p.Weight.ToString("0.000", CultureInfo.InvariantCulture);
            if (withProbability is null)
            {
                CsvWriter.WriteRow(writer, left[p.Left].Id, right[p.Right].Id, score);
            }
            else
            {
                CsvWriter.WriteRow(writer, left[p.Left].Id, right[p.Right].Id, score,
                    withProbability.MatchProbability(p.Weight).ToString("0.0000", CultureInfo.InvariantCulture));
            }
        }
    }

    private static void WriteReview(FileInfo? file, IEnumerable<ScoredPair> pairs, IReadOnlyList<PersonRecord> left,
        IReadOnlyList<PersonRecord> right, MatchModel model)
    {
        if (file is not null)
        {
            WritePairs(file, pairs, left, right, model);
        }
    }

    private static void SaveModel(FileInfo? file, MatchModel model)
    {
        if (file is not null)
        {
            file.Directory?.Create();
            File.WriteAllText(file.FullName, model.ToJson());
        }
    }
}
