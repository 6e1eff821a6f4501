using Infirmary.Patients.Domain;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Patients.Features;

public sealed record PatientDto(
    Guid Id,
    int Version,
    string? NhsNumber,
    string? Title,
    string GivenName,
    string FamilyName,
    DateOnly BirthDate,
    Sex Sex,
    string? AddressLine1,
    string? AddressLine2,
    string? Town,
    string? Postcode,
    string? Phone,
    string? GpPracticeOds,
    bool Sensitive,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    bool Active,
    Guid? ReplacedById,
    string? HospitalNumber)
{
    public static PatientDto From(Patient p) => new(p.Id, p.Version, p.NhsNumber, p.Title, p.GivenName, p.FamilyName,
        p.BirthDate, p.Sex, p.AddressLine1, p.AddressLine2, p.Town, p.Postcode, p.Phone, p.GpPracticeOds, p.Sensitive,
        p.CreatedAt, p.UpdatedAt, p.Active, p.ReplacedById, p.HospitalNumber);
}

/// <summary>REST surface: <c>/api/v1/patients</c>. Errors are RFC 9457 problem details naming the field.</summary>
public static class PatientsApi
{
    public static RouteGroupBuilder MapPatientsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{KnownRoutes.Api}/patients").WithTags("Patients");

        group.MapPost("/", Register).RequirePermission(Permissions.PatientsWrite)
            .WithSummary("Register a patient").Accepts<PatientDetails>("application/json");
        group.MapGet("/", Search).RequirePermission(Permissions.PatientsRead)
            .WithSummary("Find patients by NHS number, hospital number, name or date of birth");
        group.MapGet("/{id:guid}", Read).RequirePermission(Permissions.PatientsRead)
            .WithSummary("Read a patient");
        group.MapPut("/{id:guid}", Update).RequirePermission(Permissions.PatientsWrite)
            .WithSummary("Change a patient's details (send If-Match with the ETag you read)");
        return group;
    }

    private static async Task<Results<Created<PatientDto>, ValidationProblem, Conflict<ProblemDetails>>> Register(
        PatientDetails details, RegisterPatient handler, HttpContext http, CancellationToken ct)
    {
        var result = await handler.HandleAsync(details, ct);
        switch (result.Status)
        {
            case RegisterStatus.Created:
                SetETag(http, result.Patient!);
                return TypedResults.Created($"{KnownRoutes.Api}/patients/{result.Patient!.Id}", PatientDto.From(result.Patient!));
            case RegisterStatus.DuplicateNhsNumber:
                return TypedResults.Conflict(new ProblemDetails
                {
                    Title = "Patient already registered",
                    Detail = "A patient with this NHS number is already registered; search for them instead.",
                    Status = StatusCodes.Status409Conflict,
                    Extensions = { ["existingPatientId"] = result.ExistingId },
                });
            default:
                return TypedResults.ValidationProblem(result.Errors, title: "The patient's details need correcting");
        }
    }

    private static async Task<Results<Ok<PatientSummary[]>, ValidationProblem>> Search(
        [AsParameters] SearchParameters p, SearchPatients handler, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        DateOnly? dob = null;
        if (!string.IsNullOrWhiteSpace(p.BirthDate))
        {
            if (DateOnly.TryParseExact(p.BirthDate, "yyyy-MM-dd", out var d))
            {
                dob = d;
            }
            else
            {
                errors["birthDate"] = ["Give the date of birth as YYYY-MM-DD."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await handler.HandleAsync(new PatientQuery
        {
            NhsNumber = p.NhsNumber, HospitalNumber = p.HospitalNumber, Family = p.Family, Given = p.Given, BirthDate = dob, Limit = p.Limit ?? 50,
        }, ct);
        return result.Errors.Count > 0
            ? TypedResults.ValidationProblem(result.Errors)
            : TypedResults.Ok(result.Patients.ToArray());
    }

    private static void SetETag(HttpContext http, Patient p) => FhirETag.Set(http.Response, p.Version);

    public sealed record SearchParameters(string? NhsNumber, string? HospitalNumber, string? Family, string? Given, string? BirthDate, int? Limit);

    private static async Task<Results<Ok<PatientDto>, NotFound<ProblemDetails>, ProblemHttpResult>> Read(
        Guid id, GetPatient handler, HttpContext http, CancellationToken ct)
    {
        var result = await handler.HandleAsync(id, ct);
        switch (result.Status)
        {
            case ReadStatus.Found:
                SetETag(http, result.Patient!);
                return TypedResults.Ok(PatientDto.From(result.Patient!));
            case ReadStatus.NotFound:
                return TypedResults.NotFound(new ProblemDetails { Title = "No such patient", Status = 404 });
            case ReadStatus.NeedsBreakGlass:
                return TypedResults.Problem("This is a restricted record. Break the glass, giving a reason, to open it.", statusCode: 403, title: "Restricted record");
            default:
                return TypedResults.Problem("You do not have permission to see this record.", statusCode: 403, title: "Forbidden");
        }
    }

    private static async Task<Results<Ok<PatientDto>, ValidationProblem, NotFound<ProblemDetails>, ProblemHttpResult>> Update(
        Guid id, PatientDetails details, UpdatePatient handler, HttpContext http, CancellationToken ct)
    {
        if (!FhirETag.TryReadIfMatch(http.Request, out var expected))
        {
            return TypedResults.Problem("If-Match must be the ETag you read, for example W/\"3\".", statusCode: 400, title: "Bad If-Match");
        }

        var result = await handler.HandleAsync(id, expected, details, ct);
        switch (result.Status)
        {
            case UpdateStatus.Updated:
                SetETag(http, result.Patient!);
                return TypedResults.Ok(PatientDto.From(result.Patient!));
            case UpdateStatus.NotFound:
                return TypedResults.NotFound(new ProblemDetails { Title = "No such patient", Status = 404 });
            case UpdateStatus.Stale:
                return TypedResults.Problem(result.Errors["version"][0], statusCode: 412, title: "The record has changed");
            case UpdateStatus.DuplicateNhsNumber:
                return TypedResults.Problem(result.Errors["nhsNumber"][0], statusCode: 409, title: "Duplicate NHS number");
            case UpdateStatus.NeedsBreakGlass:
            case UpdateStatus.Denied:
                return TypedResults.Problem("You do not have permission to change this record.", statusCode: 403, title: "Forbidden");
            default:
                return TypedResults.ValidationProblem(result.Errors, title: "The patient's details need correcting");
        }
    }
}
