using System.Globalization;
using Infirmary.Cli;

namespace Infirmary.Cli.Tests;

/// <summary>Runs the real command tree with captured writers: what a user would see is what a test asserts.</summary>
internal static class CliRunner
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
