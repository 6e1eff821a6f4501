using System.CommandLine;
using System.Globalization;
using Infirmary.Rostering;
using Infirmary.Rostering.Benchmark;

namespace Infirmary.Cli.Commands;

/// <summary>
/// <c>infirmary roster solve</c> and <c>infirmary roster check</c> over schedulingbenchmarks.org instance files.
/// Bad input is reported as one line naming the file and line, with a non-zero exit code, never a stack trace.
/// </summary>
public static class RosterCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var roster = new Command("roster", "Solve and check staff rosters (shift-scheduling benchmark format).");
        roster.Subcommands.Add(Solve(output, error));
        roster.Subcommands.Add(Check(output, error));
        return roster;
    }

    private static Command Solve(TextWriter output, TextWriter error)
    {
        var instance = new Argument<FileInfo>("instance") { Description = "Instance file (schedulingbenchmarks.org text format)." };
        var timeLimit = new Option<double>("--time-limit") { Description = "Seconds to search.", Required = true };
        var threads = new Option<int>("--threads") { Description = "Solver threads.", DefaultValueFactory = _ => 2 };
        var outFile = new Option<FileInfo>("--out") { Description = "Where to write the solution CSV (employee,day,shift).", Required = true };
        var command = new Command("solve", "Find the best roster within the time limit and write it as CSV.");
        command.Arguments.Add(instance);
        command.Options.Add(timeLimit);
        command.Options.Add(threads);
        command.Options.Add(outFile);
        command.SetAction(parse =>
        {
            var seconds = parse.GetValue(timeLimit);
            var workers = parse.GetValue(threads);
            if (!(seconds > 0) || workers < 1)
            {
                error.WriteLine("--time-limit must be positive and --threads at least 1.");
                return 2;
            }

            var problem = Load(parse.GetValue(instance)!, error);
            if (problem is null) return 1;
            var result = RosterSolver.Solve(problem, new SolverOptions { TimeLimit = TimeSpan.FromSeconds(seconds), Threads = workers });
            output.WriteLine($"status: {result.Status}");
            if (result.Status == RosterStatus.Infeasible)
            {
                output.WriteLine("the hard rules cannot all be met; these conflict:");
                foreach (var conflict in result.Conflicts) output.WriteLine($"  {conflict}");
                return 3;
            }

            if (result.Objective is null)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"no roster found in {seconds} s; bound: {result.Bound}"));
                return 4;
            }

            var path = parse.GetValue(outFile)!;
            try
            {
                File.WriteAllText(path.FullName, BenchmarkFormat.WriteSolution(result.Roster));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{path.FullName}: cannot write the solution: {ex.Message}");
                return 1;
            }

            output.WriteLine($"objective: {result.Objective}");
            output.WriteLine($"bound: {result.Bound}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time: {result.WallTime.TotalSeconds:0.0} s (best found at {result.TimeToBest.TotalSeconds:0.0} s)"));
            output.WriteLine($"shifts: {result.Roster.Count} written to {path.FullName}");
            return 0;
        });
        return command;
    }

    private static Command Check(TextWriter output, TextWriter error)
    {
        var instance = new Argument<FileInfo>("instance") { Description = "Instance file (schedulingbenchmarks.org text format)." };
        var solution = new Argument<FileInfo>("solution") { Description = "Solution CSV (employee,day,shift)." };
        var command = new Command("check", "Recompute a solution's objective and list every broken hard rule.");
        command.Arguments.Add(instance);
        command.Arguments.Add(solution);
        command.SetAction(parse =>
        {
            var problem = Load(parse.GetValue(instance)!, error);
            if (problem is null) return 1;
            var file = parse.GetValue(solution)!;
            IReadOnlyList<Assignment> roster;
            try
            {
                roster = BenchmarkFormat.ReadSolution(File.ReadAllText(file.FullName), file.Name);
            }
            catch (Exception ex) when (ex is InstanceFormatException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine(ex is InstanceFormatException ? ex.Message : $"{file.FullName}: {ex.Message}");
                return 1;
            }

            var evaluation = RosterChecker.Evaluate(problem, roster);
            output.WriteLine($"objective: {evaluation.Objective}");
            output.WriteLine($"hard violations: {evaluation.HardViolations.Count}");
            foreach (var v in evaluation.HardViolations) output.WriteLine($"  [{v.Rule}] {v.Message}");
            output.WriteLine($"soft violations: {evaluation.SoftViolations.Count}");
            foreach (var v in evaluation.SoftViolations) output.WriteLine($"  [{v.Kind}] {v.Message} (penalty {v.Penalty})");
            return evaluation.IsFeasible ? 0 : 5;
        });
        return command;
    }

    private static RosterProblem? Load(FileInfo file, TextWriter error)
    {
        try
        {
            return BenchmarkFormat.ReadFile(file.FullName);
        }
        catch (InstanceFormatException ex)
        {
            error.WriteLine(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{file.FullName}: {ex.Message}");
        }

        return null;
    }
}
