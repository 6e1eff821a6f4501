using System.Threading.Channels;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Rostering;
using Infirmary.Workforce.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Infirmary.Workforce.Features;

/// <summary>A rota build as the manager watches it.</summary>
public sealed record RotaBuildView(RotaBuild Build, string Team, bool Stalled)
{
    /// <summary>Relative gap between the best rota and the bound, 0–1; null until both are known.</summary>
    public double? Gap => Build is { Objective: { } o, Bound: { } b } ? o == 0 ? 0 : Math.Max(0, (double)(o - b) / Math.Abs(o)) : null;

    public bool Finished => Build.Status is RotaBuildStatus.Done or RotaBuildStatus.Refused || Stalled;
}

/// <summary>
/// Rota builds that run in the background (ADR 0034): the request is checked at once, a row records the build, and
/// this node's <see cref="RotaBuildRunner"/> solves it while writing the search's progress to that row, so the page
/// can show it from any node. The synchronous <see cref="Rotas.BuildAsync"/> stays for the REST API and scripts.
/// </summary>
public sealed class RotaBuilds(InfirmaryDbContext db, Rotas rotas, RotaBuildQueue queue, TimeProvider clock, ActorAccessor actors, IOptions<WorkforceOptions> options)
{
    /// <summary>A running build whose heartbeat is older than this was stopped with its node (restart, crash).</summary>
    public static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(30);

    /// <summary>Checks the request and queues the build; a request that cannot succeed is refused now, not later.</summary>
    public async Task<WorkforceOutcome<RotaBuild>> StartAsync(Guid teamId, DateOnly start, int weeks, CancellationToken ct)
    {
        var plan = await rotas.PlanAsync(teamId, start, weeks, ct);
        if (!plan.Succeeded)
        {
            return Outcome.Refused<RotaBuild>(plan.Status, plan.Problem!);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var build = new RotaBuild
        {
            Id = Guid.NewGuid(),
            TeamId = teamId,
            StartDate = start,
            Weeks = weeks,
            RequestedBy = Rotas.Who(actors),
            RequestedAt = now,
            UpdatedAt = now,
            TimeLimitSeconds = options.Value.SolverSeconds,
        };
        db.Add(build);
        await db.SaveChangesAsync(ct);
        await queue.EnqueueAsync(build.Id, ct);
        return Outcome.Ok(build);
    }

    public async Task<RotaBuildView?> ViewAsync(Guid id, CancellationToken ct)
    {
        var row = await (from b in db.Set<RotaBuild>().AsNoTracking()
                         join t in db.Set<Team>() on b.TeamId equals t.Id
                         where b.Id == id
                         select new { b, t.Name }).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        // Queued builds wait behind others, so they may go quiet for a whole solve; allow for that.
        var quietFor = clock.GetUtcNow().UtcDateTime - row.b.UpdatedAt;
        var allowed = row.b.Status == RotaBuildStatus.Queued ? StallAfter + TimeSpan.FromSeconds(row.b.TimeLimitSeconds * 4) : StallAfter;
        var stalled = row.b.Status is RotaBuildStatus.Queued or RotaBuildStatus.Running && quietFor > allowed;
        return new RotaBuildView(row.b, row.Name, stalled);
    }
}

/// <summary>This node's queue of builds to run. Builds queued on a node that stops are shown as stalled.</summary>
public sealed class RotaBuildQueue
{
    private readonly Channel<Guid> channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public ValueTask EnqueueAsync(Guid buildId, CancellationToken ct) => channel.Writer.WriteAsync(buildId, ct);

    internal IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken ct) => channel.Reader.ReadAllAsync(ct);
}

/// <summary>
/// Runs queued rota builds one at a time (the solver already uses every thread it is given) and writes the search's
/// progress to the build row about twice a second: rotas found, best penalty, proved bound, time spent.
/// </summary>
public sealed class RotaBuildRunner(IServiceScopeFactory scopes, RotaBuildQueue queue, TimeProvider clock, ILogger<RotaBuildRunner> logger) : BackgroundService
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(id, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The build is left as it was; its page reports it stalled once the heartbeat stops.
                logger.LogError(ex, "Rota build {BuildId} failed", id);
            }
        }
    }

    private async Task RunAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var rotas = scope.ServiceProvider.GetRequiredService<Rotas>();
        var build = await db.Set<RotaBuild>().SingleOrDefaultAsync(b => b.Id == id, ct);
        if (build is null || build.Status != RotaBuildStatus.Queued)
        {
            return;
        }

        build.Status = RotaBuildStatus.Running;
        build.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);

        // Checked again: leave, staff or a published rota may have changed while the build waited.
        var plan = await rotas.PlanAsync(build.TeamId, build.StartDate, build.Weeks, ct);
        WorkforceOutcome<Rota> outcome;
        if (!plan.Succeeded)
        {
            outcome = Outcome.Refused<Rota>(plan.Status, plan.Problem!);
        }
        else
        {
            SolverProgress? latest = null;
            var started = clock.GetTimestamp();
            var solving = Task.Run(() => rotas.SolveAsync(plan.Value!, build.RequestedBy, p => Volatile.Write(ref latest, p), ct), ct);
            while (!solving.IsCompleted)
            {
                await Task.WhenAny(solving, Task.Delay(Heartbeat, ct));
                await WriteProgressAsync(id, Volatile.Read(ref latest), clock.GetElapsedTime(started), ct);
            }

            outcome = await solving;
            if (Volatile.Read(ref latest) is { } last)
            {
                (build.Solutions, build.Objective, build.Bound) = (last.Solutions, last.Objective, last.Bound);
            }

            build.ElapsedSeconds = clock.GetElapsedTime(started).TotalSeconds;
        }

        if (outcome.Succeeded)
        {
            build.Status = RotaBuildStatus.Done;
            build.RotaId = outcome.Value!.Id;
            build.Objective = outcome.Value.Objective;
            build.Bound = outcome.Value.Bound;
        }
        else
        {
            build.Status = RotaBuildStatus.Refused;
            build.Problem = outcome.Problem;
        }

        build.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    // Its own short-lived context: the build's context is busy saving the rota on the solver's side.
    private async Task WriteProgressAsync(Guid id, SolverProgress? progress, TimeSpan elapsed, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var seconds = elapsed.TotalSeconds;
        if (progress is null)
        {
            await db.Set<RotaBuild>().Where(b => b.Id == id && b.Status == RotaBuildStatus.Running)
                .ExecuteUpdateAsync(u => u.SetProperty(b => b.UpdatedAt, now).SetProperty(b => b.ElapsedSeconds, seconds), ct);
            return;
        }

        await db.Set<RotaBuild>().Where(b => b.Id == id && b.Status == RotaBuildStatus.Running)
            .ExecuteUpdateAsync(u => u
                .SetProperty(b => b.UpdatedAt, now)
                .SetProperty(b => b.ElapsedSeconds, seconds)
                .SetProperty(b => b.Solutions, progress.Solutions)
                .SetProperty(b => b.Objective, progress.Objective)
                .SetProperty(b => b.Bound, progress.Bound), ct);
    }
}
