using System.Globalization;
using Hl7.Fhir.Model;
using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace Infirmary.Laboratory.Features;

/// <summary>
/// FHIR R4 for the laboratory: <c>POST /fhir/ServiceRequest</c> places a request (one ServiceRequest per test or
/// panel, coded by LOINC or by the laboratory's own code); <c>GET /fhir/ServiceRequest/{id}</c> reads a request back,
/// however it was placed (ADR 0137: the read route is the platform's, shared with Scheduling's referrals).
/// </summary>
public static partial class LaboratoryFhir
{
    public const string LocalCodeSystem = "https://infirmary.nhs.uk/CodeSystem/lab-test";
    public const string OrderNumberSystem = "https://infirmary.nhs.uk/Id/lab-order-number";
    public const string AccessionSystem = "https://infirmary.nhs.uk/Id/lab-accession";
    public const string Loinc = "http://loinc.org";

    public static readonly FhirResourceCapability ServiceRequestCapability = new("ServiceRequest", ["create", "read"], []);

    public static void MapLaboratoryFhir(this IEndpointRouteBuilder app)
    {
        var sr = app.MapGroup($"{KnownRoutes.Fhir}/ServiceRequest").WithTags("FHIR").ExcludeFromDescription();
        sr.MapPost("/", CreateServiceRequest).RequirePermission(Permissions.LabOrder);
        MapReports(app);
    }

    static partial void MapReports(IEndpointRouteBuilder app);

    private static async Task<IResult> CreateServiceRequest(HttpContext http, PlaceOrder handler, InfirmaryDbContext db, CancellationToken ct)
    {
        var (sr, error) = await FhirRequest.ReadAsync<ServiceRequest>(http.Request);
        if (error is not null)
        {
            return error;
        }

        var problems = new List<string>();
        if (sr!.Intent is not (RequestIntent.Order or RequestIntent.OriginalOrder))
        {
            problems.Add("ServiceRequest.intent must be 'order' (or 'original-order').");
        }

        Guid? patientId = null;
        var subject = sr.Subject?.Reference;
        if (subject is null || !subject.StartsWith("Patient/", StringComparison.Ordinal) || !Guid.TryParse(subject["Patient/".Length..], out var pid))
        {
            problems.Add("ServiceRequest.subject must reference a patient as Patient/{id}.");
        }
        else
        {
            patientId = pid;
        }

        var code = await CodeAsync(sr.Code, db, ct);
        if (code is null)
        {
            problems.Add($"ServiceRequest.code must carry a LOINC code ({Loinc}) or laboratory code ({LocalCodeSystem}) from the test catalogue.");
        }

        string? priority = sr.Priority switch
        {
            null or RequestPriority.Routine => Priorities.Routine,
            RequestPriority.Urgent => Priorities.Urgent,
            _ => null,
        };
        if (priority is null)
        {
            problems.Add("ServiceRequest.priority must be 'routine' or 'urgent' (this laboratory takes no asap/stat requests by FHIR: phone them).");
        }

        var location = sr.LocationCode.FirstOrDefault()?.Text ?? sr.LocationCode.FirstOrDefault()?.Coding.FirstOrDefault()?.Display
            ?? sr.LocationReference.FirstOrDefault()?.Display;
        var details = string.Join("; ", sr.ReasonCode.Select(r => r.Text).Concat(sr.Note.Select(n => n.Text)).Where(t => !string.IsNullOrWhiteSpace(t)));
        if (problems.Count > 0)
        {
            return FhirResults.Errors(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, problems);
        }

        var result = await handler.HandleAsync(new OrderRequest(patientId, [code!], location, priority, details, sr.Requester?.Display), ct);
        if (result.Order is not { } order)
        {
            return FhirResults.Errors(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid,
                result.Errors.Select(e => $"{FhirPath(e.Key)}: {e.Value[0]}"));
        }

        var created = await ToServiceRequestAsync(order, db, ct);
        return FhirResults.Created(created, $"{http.Request.Scheme}://{http.Request.Host}{KnownRoutes.Fhir}/ServiceRequest/{order.Id}",
            "1", RequestedAt(order));
    }

    private static string FhirPath(string field) => field switch
    {
        "patientId" => "ServiceRequest.subject",
        "tests" => "ServiceRequest.code",
        "location" => "ServiceRequest.locationCode",
        "requestedBy" => "ServiceRequest.requester.display",
        "clinicalDetails" => "ServiceRequest.reasonCode",
        _ => $"ServiceRequest.{field}",
    };

    /// <summary>The catalogue code a CodeableConcept names: a LOINC panel or test code, or the laboratory's own code.</summary>
    private static async Task<string?> CodeAsync(CodeableConcept? concept, InfirmaryDbContext db, CancellationToken ct)
    {
        foreach (var coding in concept?.Coding ?? [])
        {
            if (string.IsNullOrWhiteSpace(coding.Code))
            {
                continue;
            }

            if (coding.System == LocalCodeSystem)
            {
                return coding.Code.Trim().ToUpperInvariant();
            }

            if (coding.System == Loinc)
            {
                var loinc = coding.Code.Trim();
                var panel = await db.Set<LabPanel>().AsNoTracking().Where(p => p.LoincCode == loinc).Select(p => p.Code).FirstOrDefaultAsync(ct);
                if (panel is not null)
                {
                    return panel;
                }

                var test = await db.Set<LabTest>().AsNoTracking().Where(t => t.LoincCode == loinc).Select(t => t.Code).FirstOrDefaultAsync(ct);
                if (test is not null)
                {
                    return test;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// When the request was made, to the second: the same when just created (the clock's ticks) and when read back
    /// (PostgreSQL keeps microseconds).
    /// </summary>
    internal static DateTimeOffset RequestedAt(OrderDto order)
    {
        var at = new DateTimeOffset(DateTime.SpecifyKind(order.RequestedAt, DateTimeKind.Utc));
        return at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));
    }

    /// <summary>
    /// A request as a ServiceRequest: what was asked for as the code — the laboratory's own code and, where the catalogue
    /// has one, its LOINC code; a request for several tests or panels names them all in the code's text — and its
    /// specimens. The same resource whether just created or read back.
    /// </summary>
    internal static async Task<ServiceRequest> ToServiceRequestAsync(OrderDto order, InfirmaryDbContext db, CancellationToken ct)
    {
        var asked = order.Tests.Select(t => t.OrderedAs).Distinct(StringComparer.Ordinal).ToList();
        CodeableConcept code;
        if (asked.Count == 1)
        {
            var one = asked[0];
            var named = await db.Set<LabPanel>().AsNoTracking().Where(p => p.Code == one).Select(p => new { p.Name, p.LoincCode }).FirstOrDefaultAsync(ct)
                ?? await db.Set<LabTest>().AsNoTracking().Where(t => t.Code == one).Select(t => new { t.Name, t.LoincCode }).FirstOrDefaultAsync(ct);
            code = new CodeableConcept(LocalCodeSystem, one, named?.Name, named?.Name);
            if (!string.IsNullOrEmpty(named?.LoincCode))
            {
                code.Coding.Add(new Coding(Loinc, named.LoincCode, named.Name));
            }
        }
        else
        {
            code = new CodeableConcept { Text = string.Join(", ", asked) };
        }

        return new ServiceRequest
        {
            Id = order.Id.ToString(),
            Meta = new Meta { VersionId = "1", LastUpdated = RequestedAt(order) },
            Identifier = [new Identifier(OrderNumberSystem, order.Number)],
            Status = RequestStatus.Active,
            Intent = RequestIntent.Order,
            Priority = order.Urgent ? RequestPriority.Urgent : RequestPriority.Routine,
            Code = code,
            Subject = new ResourceReference($"Patient/{order.PatientId}"),
            AuthoredOn = new FhirDateTime(RequestedAt(order)).Value,
            Requester = new ResourceReference { Display = order.RequestedBy },
            LocationCode = [new CodeableConcept { Text = order.Location }],
            ReasonCode = order.ClinicalDetails is null ? [] : [new CodeableConcept { Text = order.ClinicalDetails }],
            Specimen = [.. order.Specimens.Select(s => new ResourceReference($"Specimen/{s.Accession}") { Display = $"{s.Container} {s.Accession}" })],
        };
    }
}

/// <summary>Laboratory requests read as ServiceRequests at the platform's shared route (ADR 0137); the read is audited by <see cref="ReadOrders"/>.</summary>
internal sealed class LabServiceRequestSource(ReadOrders orders, InfirmaryDbContext db) : IFhirInstanceSource
{
    public string ResourceType => "ServiceRequest";

    public string Permission => Permissions.LabOrder;

    public async Task<IResult?> ReadAsync(Guid id, CancellationToken ct) =>
        await orders.GetAsync(id, ct) is { } order
            ? FhirResults.Ok(await LaboratoryFhir.ToServiceRequestAsync(order, db, ct), "1", LaboratoryFhir.RequestedAt(order))
            : null;

    public Task<bool> HoldsAsync(Guid id, CancellationToken ct) => db.Set<LabOrder>().AnyAsync(o => o.Id == id, ct);
}
