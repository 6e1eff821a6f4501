using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Infirmary.Patients.Features;
using Infirmary.Platform.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Cli.Commands;

/// <summary>
/// <c>infirmary import fhir PATH...</c>: loads FHIR transaction bundles (files, or folders of *.json) into the database
/// through the same handler as <c>POST /fhir</c> — each bundle all or nothing, a rejected bundle reported with the
/// entry it names and the run carrying on. Progress on stderr; a summary (resources per second) on stdout.
/// </summary>
public static class ImportCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Bundle files, or folders of *.json bundles", Arity = ArgumentArity.OneOrMore };
        var quiet = new Option<bool>("--quiet") { Description = "No progress messages (rejections are still reported)." };
        var fhir = new Command("fhir", "Import FHIR R4 transaction bundles (e.g. Synthea output): patients become records, other resources are kept.");
        fhir.Arguments.Add(paths);
        fhir.Options.Add(quiet);
        PlatformCommands.AddDatabaseOptions(fhir);
        fhir.SetAction(async (parse, ct) => await PlatformCommands.Run(parse, error, async sp =>
        {
            var files = Expand(parse.GetValue(paths)!, out var missing);
            foreach (var m in missing)
            {
                await error.WriteLineAsync($"error: {m}: no such file or folder.");
            }

            if (files.Count == 0)
            {
                await error.WriteLineAsync("error: no bundles to import.");
                return 1;
            }

            await sp.GetRequiredService<InfirmaryDbContext>().MigrateAsync(ct);
            var clock = Stopwatch.StartNew();
            int stored = 0, failed = 0;
            for (var i = 0; i < files.Count; i++)
            {
                // A fresh unit of work per bundle: one transaction each, nothing carried over from the last.
                await using var scope = sp.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<FhirTransaction>()
                    .ProcessAsync(await File.ReadAllTextAsync(files[i], ct), ct);
                if (result.Succeeded)
                {
                    stored += result.Stored;
                }
                else
                {
                    failed++;
                    var why = string.Join(" ", result.Outcome!.Issue.Select(x => x.Diagnostics));
                    await error.WriteLineAsync($"{(parse.GetValue(quiet) ? string.Empty : "\n")}error: {files[i]}: rejected, nothing stored: {why}");
                }

                if (!parse.GetValue(quiet))
                {
                    var rate = stored / Math.Max(clock.Elapsed.TotalSeconds, 0.001);
                    await error.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                        $"\r[{Bar(i + 1, files.Count)}] {i + 1}/{files.Count} bundles, {stored:N0} resources, {rate:N0}/s   "));
                }
            }

            if (!parse.GetValue(quiet))
            {
                await error.WriteLineAsync();
            }

            var seconds = clock.Elapsed.TotalSeconds;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Imported {files.Count - failed} of {files.Count} bundles: {stored:N0} resources in {seconds:N1} s ({stored / Math.Max(seconds, 0.001):N0} resources/s)."));
            return failed == 0 ? 0 : 1;
        }));
        var import = new Command("import", "Import records from outside.");
        import.Subcommands.Add(fhir);
        return import;
    }

    /// <summary>Files as given; folders as their *.json files, organisation and practitioner bundles first (others refer to them).</summary>
    private static List<string> Expand(IEnumerable<string> paths, out List<string> missing)
    {
        missing = [];
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.GetFiles(path, "*.json")
                    .OrderBy(f => Path.GetFileName(f).Contains("Information", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
                    .ThenBy(f => f, StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                missing.Add(path);
            }
        }

        return files;
    }

    private static string Bar(int done, int total)
    {
        const int width = 20;
        var filled = (int)Math.Round(width * (double)done / total);
        return new string('#', filled) + new string('.', width - filled);
    }
}
