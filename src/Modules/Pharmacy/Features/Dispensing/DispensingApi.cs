using System.Globalization;
using Hl7.Fhir.Model;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Pharmacy.Features;

public sealed record DispenseRequest(Guid PrescriptionId, Guid ItemId, string? Scan, WitnessRequest? Witness = null);

/// <summary>
/// REST: <c>/api/v1/pharmacy/dispensings</c> (plan, dispense with the pack's scan, second-person accuracy check) and
/// FHIR <c>MedicationDispense</c> read.
/// </summary>
public static class DispensingApi
{
    private const string Route = $"{KnownRoutes.Api}/pharmacy/dispensings";

    public static readonly FhirResourceCapability Capability = new("MedicationDispense", ["read"], []);

    public static IEndpointRouteBuilder MapDispensingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Route).WithTags("Pharmacy dispensing");
        group.MapGet("/plan", Plan).RequirePermission(Permissions.Dispense)
            .WithSummary("Which batch to pick (first expiry first, pharmacy store) and how much, after pack rounding");
        group.MapPost("/", Dispense).RequirePermission(Permissions.Dispense)
            .WithSummary("Dispense an approved prescription item; the scan of the pack's GS1 code must match the product, batch and expiry");
        group.MapGet("/{id:guid}", Read).RequirePermission(Permissions.PrescriptionsRead).WithSummary("One dispensing");
        group.MapPost("/{id:guid}/check", Check).RequirePermission(Permissions.DispenseCheck)
            .WithSummary("Final accuracy check by a second person (never the dispenser)");
        group.MapGet("/{id:guid}/label", Label).RequirePermission(Permissions.Dispense)
            .WithSummary("The dispensing label as PDF: format=label (70 × 35 mm, default) or a4; 422 when the text does not fit");
        app.MapGet($"{KnownRoutes.Fhir}/MedicationDispense/{{id}}", ReadFhir).RequirePermission(Permissions.PrescriptionsRead)
            .WithTags("FHIR").ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<Ok<DispensePlan>, ProblemHttpResult>> Plan(Guid prescriptionId, Guid itemId, DispenseItem h, CancellationToken ct)
    {
        var (plan, refusal) = await h.PlanAsync(prescriptionId, itemId, ct);
        return plan is not null ? TypedResults.Ok(plan) : Problem(refusal!);
    }

    private static async Task<Results<Created<DispensingDto>, ProblemHttpResult>> Dispense(DispenseRequest r, DispenseItem h, DispensingQueries q, HttpContext http, CancellationToken ct)
    {
        var result = await h.HandleAsync(r.PrescriptionId, r.ItemId, r.Scan, ct, r.Witness);
        if (result.Outcome != DispenseOutcome.Done)
        {
            return Problem(result);
        }

        var dto = (await q.GetAsync(result.Dispensing!.Id, ct))!;
        FhirETag.Set(http.Response, dto.Version);
        return TypedResults.Created($"{Route}/{dto.Id}", dto);
    }

    private static async Task<Results<Ok<DispensingDto>, NotFound<ProblemDetails>>> Read(Guid id, DispensingQueries q, HttpContext http, CancellationToken ct)
    {
        if (await q.GetAsync(id, ct) is not { } dto)
        {
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "No such dispensing" });
        }

        FhirETag.Set(http.Response, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<DispensingDto>, ProblemHttpResult>> Check(Guid id, AccuracyCheck h, DispensingQueries q, HttpContext http, CancellationToken ct)
    {
        if (!FhirETag.TryReadIfMatch(http.Request, out var expected))
        {
            return TypedResults.Problem("If-Match must be the ETag you read, for example W/\"1\".", statusCode: 400, title: "Bad If-Match");
        }

        var result = await h.HandleAsync(id, expected, ct);
        if (result.Outcome != DispenseOutcome.Done)
        {
            return Problem(result);
        }

        var dto = (await q.GetAsync(id, ct))!;
        FhirETag.Set(http.Response, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<IResult> Label(Guid id, string? format, DispensingLabel h, CancellationToken ct)
    {
        if (format is not (null or "label" or "a4"))
        {
            return TypedResults.Problem("format must be 'label' (70 × 35 mm) or 'a4'.", statusCode: 400, title: "Unknown label format");
        }

        var result = await h.HandleAsync(id, format == "a4", ct);
        if (result.Pdf is { } pdf)
        {
            return TypedResults.File(pdf, "application/pdf", $"label-{id:N}.pdf");
        }

        return result.NotFound
            ? TypedResults.Problem(result.Error, statusCode: 404, title: "Not found")
            : TypedResults.Problem(result.Error, statusCode: 422, title: "The label does not fit");
    }

    public static ProblemHttpResult Problem(DispenseResult r) => r.Outcome switch
    {
        DispenseOutcome.NotFound => TypedResults.Problem(r.Message, statusCode: 404, title: "Not found"),
        DispenseOutcome.Invalid => TypedResults.Problem(r.Message, statusCode: 400, title: "The dispensing request needs correcting"),
        DispenseOutcome.WrongProduct => TypedResults.Problem(r.Message, statusCode: 409, title: "Wrong product"),
        DispenseOutcome.WrongBatch => TypedResults.Problem(r.Message, statusCode: 409, title: "Wrong batch"),
        DispenseOutcome.Expired => TypedResults.Problem(r.Message, statusCode: 409, title: "Expired stock"),
        DispenseOutcome.Insufficient => TypedResults.Problem(r.Message, statusCode: 409, title: "Insufficient stock"),
        _ => TypedResults.Problem(r.Message, statusCode: 409, title: "Cannot be done now"),
    };

    private static async System.Threading.Tasks.Task<IResult> ReadFhir(string id, DispensingQueries q, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid) || await q.GetAsync(guid, ct) is not { } d)
        {
            return FhirResults.NotFound("MedicationDispense", id);
        }

        return FhirResults.Ok(ToFhir(d), d.Version.ToString(CultureInfo.InvariantCulture));
    }

    internal static MedicationDispense ToFhir(DispensingDto d)
    {
        var medication = new Medication
        {
            Id = "med",
            Code = new CodeableConcept { Text = d.Product },
            Batch = new Medication.BatchComponent { LotNumber = d.BatchNumber, ExpirationDateElement = new FhirDateTime(d.Expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) },
        };
        var performers = new List<MedicationDispense.PerformerComponent>
        {
            new() { Actor = new ResourceReference { Display = d.DispensedBy }, Function = new CodeableConcept { Text = "Dispenser" } },
        };
        if (d.CheckedBy is not null)
        {
            performers.Add(new() { Actor = new ResourceReference { Display = d.CheckedBy }, Function = new CodeableConcept { Text = "Final accuracy checker" } });
        }

        var resource = new MedicationDispense
        {
            Id = d.Id.ToString(),
            Meta = new Meta { VersionId = d.Version.ToString(CultureInfo.InvariantCulture) },
            Contained = [medication],
            Status = d.Status == Domain.DispensingStatus.Checked ? MedicationDispense.MedicationDispenseStatusCodes.Completed : MedicationDispense.MedicationDispenseStatusCodes.InProgress,
            Medication = new ResourceReference("#med"),
            Subject = new ResourceReference($"Patient/{d.PatientId}"),
            AuthorizingPrescription = [new ResourceReference($"MedicationRequest/{d.ItemId}")],
            Quantity = new Quantity { Value = d.Quantity, Unit = d.Unit },
            WhenPreparedElement = new FhirDateTime(new DateTimeOffset(d.DispensedAt)),
            WhenHandedOverElement = d.CheckedAt is { } c ? new FhirDateTime(new DateTimeOffset(c)) : null,
            Performer = performers,
            DosageInstruction = d.Directions is null ? [] : [new Dosage { Text = d.Directions }],
        };
        return resource;
    }
}
