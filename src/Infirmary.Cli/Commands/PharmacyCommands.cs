using System.CommandLine;
using Infirmary.Pharmacy.Features.Formulary;
using Infirmary.Platform.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Cli.Commands;

/// <summary>
/// <c>infirmary pharmacy import-dmd FOLDER</c>: loads a dm+d release (NHSBSA XML) into the formulary. Progress goes
/// to standard error, the summary and each skipped record (file and line) to standard output. Exit code 0 when every
/// record was stored, 3 when some were skipped with errors, 1 when the import could not run at all.
/// </summary>
public static class PharmacyCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var folder = new Argument<DirectoryInfo>("FOLDER") { Description = "Folder holding the unzipped release (f_vtm2_*.xml, f_vmp2_*.xml, f_amp2_*.xml, f_vmpp2_*.xml, f_ampp2_*.xml, f_lookup2_*.xml, f_ingredient2_*.xml, f_gtin2_*.xml)." };
        var import = new Command("import-dmd", "Import or update the formulary from a dm+d release folder (VTM, VMP, AMP and packs with GTINs).") { folder };
        PlatformCommands.AddDatabaseOptions(import);
        import.SetAction(async (parse, ct) => await PlatformCommands.Run(parse, error, async sp =>
        {
            var path = parse.GetValue(folder)!.FullName;
            if (!Directory.Exists(path))
            {
                await error.WriteLineAsync($"error: folder '{path}' does not exist.");
                return 1;
            }

            await sp.GetRequiredService<InfirmaryDbContext>().MigrateAsync(ct);
            DmdImportResult result;
            try
            {
                result = await sp.GetRequiredService<ImportDmd>().HandleAsync(path, line => error.WriteLine(line), ct);
            }
            catch (IOException e)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }

            foreach (var e in result.Errors)
            {
                await output.WriteLineAsync($"skipped: {e}");
            }

            await output.WriteLineAsync(result.Summary);
            return result.Errors.Count == 0 ? 0 : 3;
        }));
        var pharmacy = new Command("pharmacy", "Pharmacy: formulary import.");
        pharmacy.Subcommands.Add(import);
        return pharmacy;
    }
}
