using System.CommandLine;

namespace Infirmary.Cli;

/// <summary>
/// The command tree. Each area contributes one <see cref="Command"/> from its own file under Commands/.
/// Tests call <see cref="RunAsync"/> with their own writers, so what a user sees is what a test asserts.
/// </summary>
public static class CliApp
{
    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Infirmary command line: imports, batch jobs, engines and administration.");
        root.Subcommands.Add(Commands.MpiCommands.Build(output, error));
        root.Subcommands.Add(Commands.ImportCommands.Create(output, error));
        foreach (var command in Commands.PlatformCommands.Create(output, error))
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(Commands.RosterCommands.Create(output, error));
        root.Subcommands.Add(Commands.PhysicsCommands.Create(output, error));
        root.Subcommands.Add(Commands.PharmacyCommands.Create(output, error));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = Build(output, error);
        var config = new InvocationConfiguration { Output = output, Error = error };
        return await root.Parse(args).InvokeAsync(config);
    }
}
