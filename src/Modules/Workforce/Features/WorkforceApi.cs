using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Infirmary.Workforce.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Workforce.Features;

public sealed record BuildRotaRequest(Guid TeamId, DateOnly Start, int Weeks);

public sealed record RotaSummary(Guid Id, Guid TeamId, DateOnly Start, DateOnly End, string Status, string SolverStatus, long? Objective, long? Bound, int Version)
{
    public static RotaSummary From(Rota r) => new(r.Id, r.TeamId, r.StartDate, r.EndDate, r.Status, r.SolverStatus, r.Objective, r.Bound, r.Version);
}

public sealed record RotaBuildDto(Guid Id, Guid TeamId, string Team, DateOnly Start, int Weeks, string Status, bool Stalled, double ElapsedSeconds, double TimeLimitSeconds, int Solutions, long? Objective, long? Bound, double? Gap, Guid? RotaId, string? Problem)
{
    public static RotaBuildDto From(RotaBuildView v) => new(v.Build.Id, v.Build.TeamId, v.Team, v.Build.StartDate, v.Build.Weeks, v.Build.Status, v.Stalled,
        v.Build.ElapsedSeconds, v.Build.TimeLimitSeconds, v.Build.Solutions, v.Build.Objective, v.Build.Bound, v.Gap, v.Build.RotaId, v.Build.Problem);
}

public sealed record RotaShiftDto(Guid StaffId, string Name, DateOnly Date, string Shift);

public sealed record RotaDto(RotaSummary Rota, string Team, IReadOnlyList<RotaShiftDto> Shifts, IReadOnlyList<RuleBreach> Breaches, IReadOnlyList<string> CoverIssues, IReadOnlyList<RotaChange> Changes);

public sealed record EditShiftRequest(Guid StaffId, DateOnly Date, string? Shift, string? ExceptionReason);

public sealed record PublishRequest(int? Version, string? AcceptReason);

public sealed record LeaveRequestBody(string Kind, DateOnly FirstDay, DateOnly LastDay, string? Note);

public sealed record SwapRequestBody(DateOnly MyDate, Guid OtherStaffId, DateOnly TheirDate, string? Note);

public sealed record DecisionBody(bool Approve, string? Reason);

public sealed record ShiftRequestBody(DateOnly Date, string? Shift, bool On, int Priority = 1);

/// <summary>REST surface under <c>/api/v1/workforce</c>: rotas for managers, shifts, leave and swaps for staff.</summary>
public static class WorkforceApi
{
    public static IEndpointRouteBuilder MapWorkforceApi(this IEndpointRouteBuilder app)
    {
        var manage = app.MapGroup($"{KnownRoutes.Api}/workforce").WithTags("Workforce");
        manage.MapGet("/rotas", ListAsync).RequirePermission(Permissions.RotaManage).WithSummary("Rotas, newest first");
        manage.MapPost("/rotas", BuildAsync).RequirePermission(Permissions.RotaManage).WithSummary("Build a draft rota for a team with the solver");
        manage.MapPost("/rota-builds", StartBuildAsync).RequirePermission(Permissions.RotaManage).WithSummary("Start building a draft rota in the background; follow Location for its progress");
        manage.MapGet("/rota-builds/{id:guid}", ReadBuildAsync).RequirePermission(Permissions.RotaManage).WithSummary("A rota build's progress: rotas found, best penalty, proved bound, outcome");
        manage.MapGet("/rotas/{id:guid}", ReadAsync).RequirePermission(Permissions.RotaManage).WithSummary("A rota with its rule breaches and changes");
        manage.MapPut("/rotas/{id:guid}/shifts", EditAsync).RequirePermission(Permissions.RotaManage).WithSummary("Set one person's shift on one day (null shift = day off)");
        manage.MapPost("/rotas/{id:guid}/publish", PublishAsync).RequirePermission(Permissions.RotaManage).WithSummary("Publish a draft rota");
        manage.MapPost("/staff", CreateStaffAsync).RequirePermission(Permissions.RotaManage).WithSummary("Add a staff record");
        manage.MapPut("/staff/{id:guid}", UpdateStaffAsync).RequirePermission(Permissions.RotaManage).WithSummary("Change a staff record (send the version you read)");
        manage.MapGet("/staff/{id:guid}", ReadStaffAsync).RequirePermission(Permissions.RotaManage).WithSummary("Read a staff record");
        manage.MapPost("/leave/{id:guid}/decision", DecideLeaveAsync).RequirePermission(Permissions.RotaManage).WithSummary("Approve or decline leave");
        manage.MapPost("/swaps/{id:guid}/decision", DecideSwapAsync).RequirePermission(Permissions.RotaManage).WithSummary("Approve or decline a shift swap (checked against the rules)");
        var self = app.MapGroup($"{KnownRoutes.Api}/workforce/me").WithTags("Workforce");
        self.MapGet("/shifts.ics", CalendarAsync).RequirePermission(Permissions.RotaSelf).WithSummary("My published shifts as an iCalendar feed");
        self.MapPost("/leave", RequestLeaveAsync).RequirePermission(Permissions.RotaSelf).WithSummary("Ask for leave");
        self.MapPost("/requests", RequestShiftAsync).RequirePermission(Permissions.RotaSelf).WithSummary("Ask to work, or not to work, a shift on a future rota");
        self.MapPost("/swaps", RequestSwapAsync).RequirePermission(Permissions.RotaSelf).WithSummary("Ask to swap a shift with a colleague");
        return app;
    }

    private static ProblemHttpResult Refusal<T>(WorkforceOutcome<T> o)
        where T : class =>
        TypedResults.Problem(o.Problem, statusCode: o.Status, title: o.Status switch
        {
            404 => "Not found",
            409 => "Conflicts with the rota or its rules",
            422 => "Cannot be done as asked",
            403 => "Not linked to a staff record",
            _ => "The request needs correcting",
        });

    private static async Task<Ok<RotaSummary[]>> ListAsync(Rotas rotas, CancellationToken ct) =>
        TypedResults.Ok((await rotas.ListAsync(ct)).Select(r => RotaSummary.From(r.Rota)).ToArray());

    private static async Task<IResult> BuildAsync(BuildRotaRequest body, Rotas rotas, CancellationToken ct)
    {
        var o = await rotas.BuildAsync(body.TeamId, body.Start, body.Weeks, ct);
        return o.Succeeded ? TypedResults.Created($"{KnownRoutes.Api}/workforce/rotas/{o.Value!.Id}", RotaSummary.From(o.Value)) : Refusal(o);
    }

    private static async Task<IResult> StartBuildAsync(BuildRotaRequest body, RotaBuilds builds, CancellationToken ct)
    {
        var o = await builds.StartAsync(body.TeamId, body.Start, body.Weeks, ct);
        if (!o.Succeeded)
        {
            return Refusal(o);
        }

        var view = await builds.ViewAsync(o.Value!.Id, ct);
        return TypedResults.Accepted($"{KnownRoutes.Api}/workforce/rota-builds/{o.Value.Id}", RotaBuildDto.From(view!));
    }

    private static async Task<IResult> ReadBuildAsync(Guid id, RotaBuilds builds, CancellationToken ct) =>
        await builds.ViewAsync(id, ct) is { } v
            ? TypedResults.Ok(RotaBuildDto.From(v))
            : TypedResults.Problem("There is no such rota build.", statusCode: 404, title: "Not found");

    private static async Task<IResult> ReadAsync(Guid id, Rotas rotas, CancellationToken ct)
    {
        if (await rotas.ViewAsync(id, ct) is not { } v)
        {
            return TypedResults.Problem("There is no such rota.", statusCode: 404, title: "Not found");
        }

        var shifts = v.Shifts.Select(s => new RotaShiftDto(s.Key.Staff, v.NameOf(s.Key.Staff), s.Key.Date, s.Value)).OrderBy(s => s.Date).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new RotaDto(RotaSummary.From(v.Rota), v.Team.Name, shifts, v.Breaches, v.SoftIssues, v.Changes));
    }

    private static async Task<IResult> EditAsync(Guid id, EditShiftRequest body, Rotas rotas, CancellationToken ct)
    {
        var o = await rotas.EditAsync(id, body.StaffId, body.Date, body.Shift, body.ExceptionReason, ct);
        return o.Succeeded ? TypedResults.Ok(o.Value) : Refusal(o);
    }

    private static async Task<IResult> PublishAsync(Guid id, PublishRequest body, Rotas rotas, CancellationToken ct)
    {
        var o = await rotas.PublishAsync(id, body.Version, body.AcceptReason, ct);
        return o.Succeeded ? TypedResults.Ok(RotaSummary.From(o.Value!)) : Refusal(o);
    }

    private static async Task<IResult> DecideLeaveAsync(Guid id, DecisionBody body, StaffSelfService self, CancellationToken ct)
    {
        var o = await self.DecideLeaveAsync(id, body.Approve, ct);
        return o.Succeeded ? TypedResults.Ok(o.Value) : Refusal(o);
    }

    private static async Task<IResult> DecideSwapAsync(Guid id, DecisionBody body, StaffSelfService self, CancellationToken ct)
    {
        var o = await self.DecideSwapAsync(id, body.Approve, body.Reason, ct);
        return o.Succeeded ? TypedResults.Ok(o.Value) : Refusal(o);
    }

    private static async Task<IResult> CalendarAsync(StaffSelfService self, TimeProvider clock, CancellationToken ct)
    {
        if (await self.MeAsync(ct) is not { } me)
        {
            return TypedResults.Problem("Your login is not linked to a staff record.", statusCode: 404, title: "No staff record");
        }

        var today = UkFormat.TodayInLondon(clock);
        var shifts = await self.ShiftsAsync(me.Id, today.AddDays(-28), 28 + 120, ct);
        return TypedResults.Text(StaffSelfService.Calendar(me.Name, shifts, clock.GetUtcNow().UtcDateTime), "text/calendar; charset=utf-8");
    }

    private static async Task<IResult> RequestLeaveAsync(LeaveRequestBody body, StaffSelfService self, CancellationToken ct)
    {
        var o = await self.RequestLeaveAsync(body.Kind, body.FirstDay, body.LastDay, body.Note, ct);
        return o.Succeeded ? TypedResults.Created($"{KnownRoutes.Api}/workforce/me/leave/{o.Value!.Id}", o.Value) : Refusal(o);
    }

    private static async Task<IResult> CreateStaffAsync(StaffInput body, StaffRecords records, CancellationToken ct)
    {
        var (staff, errors, status) = await records.SaveAsync(null, body, ct);
        return staff is null ? StaffProblem(errors, status) : TypedResults.Created($"{KnownRoutes.Api}/workforce/staff/{staff.Id}", StaffRecords.ToInput(staff));
    }

    private static async Task<IResult> UpdateStaffAsync(Guid id, StaffInput body, StaffRecords records, CancellationToken ct)
    {
        var (staff, errors, status) = await records.SaveAsync(id, body, ct);
        return staff is null ? StaffProblem(errors, status) : TypedResults.Ok(StaffRecords.ToInput(staff));
    }

    private static async Task<IResult> ReadStaffAsync(Guid id, StaffRecords records, CancellationToken ct) =>
        await records.FindAsync(id, ct) is { } s ? TypedResults.Ok(StaffRecords.ToInput(s)) : TypedResults.Problem("There is no such staff record.", statusCode: 404, title: "Not found");

    private static IResult StaffProblem(Dictionary<string, string[]> errors, int status) => status == 400
        ? TypedResults.ValidationProblem(errors, title: "The staff record needs correcting")
        : TypedResults.Problem(errors.Values.First()[0], statusCode: status, title: status == 404 ? "Not found" : "Conflict");

    private static async Task<IResult> RequestShiftAsync(ShiftRequestBody body, StaffSelfService self, CancellationToken ct)
    {
        var o = await self.RequestShiftAsync(body.Date, body.Shift, body.On, body.Priority, ct);
        return o.Succeeded ? TypedResults.Created($"{KnownRoutes.Api}/workforce/me/requests/{o.Value!.Id}", o.Value) : Refusal(o);
    }

    private static async Task<IResult> RequestSwapAsync(SwapRequestBody body, StaffSelfService self, CancellationToken ct)
    {
        var o = await self.RequestSwapAsync(body.MyDate, body.OtherStaffId, body.TheirDate, body.Note, ct);
        return o.Succeeded ? TypedResults.Created($"{KnownRoutes.Api}/workforce/me/swaps/{o.Value!.Id}", o.Value) : Refusal(o);
    }
}
