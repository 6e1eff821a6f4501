using System.CommandLine;
using Infirmary.Cli;

return await CliApp.RunAsync(args, Console.Out, Console.Error);
