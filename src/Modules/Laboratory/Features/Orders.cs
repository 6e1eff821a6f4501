using Infirmary.Laboratory.Domain;
using Infirmary.Patients;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Laboratory.Features;

/// <summary>A request as sent over REST (and built from a FHIR ServiceRequest or the order form).</summary>
public sealed record OrderRequest(
    Guid? PatientId,
    IReadOnlyList<string>? Tests,
    string? Location,
    string? Priority,
    string? ClinicalDetails,
    string? RequestedBy = null);

public sealed record SpecimenDto(
    string Accession,
    string SpecimenType,
    string Container,
    decimal VolumeMl,
    string Status,
    IReadOnlyList<string> Tests,
    DateTime? CollectedAt,
    string? CollectedBy,
    DateTime? ReceivedAt,
    string? ReceivedBy,
    string? RejectionReason,
    string? RejectionReasonText,
    string? RejectionNote,
    DateTime? RejectedAt,
    string? RejectedBy,
    string? StorageRack = null,
    string? StoragePosition = null,
    string? ParentAccession = null)
{
    public static SpecimenDto From(Specimen s, IEnumerable<string> tests, string? parentAccession = null) => new(s.Accession, s.SpecimenType, s.Container, s.VolumeMl, s.Status,
        [.. tests], s.CollectedAt, s.CollectedBy, s.ReceivedAt, s.ReceivedBy, s.RejectionReason,
        s.RejectionReason is null ? null : RejectionReasons.All[s.RejectionReason], s.RejectionNote, s.RejectedAt, s.RejectedBy,
        s.StorageRack, s.StoragePosition, parentAccession);
}

public sealed record OrderedTestDto(string Code, string OrderedAs, string Accession);

public sealed record OrderDto(
    Guid Id,
    string Number,
    Guid PatientId,
    string RequestedBy,
    string Location,
    string Priority,
    string? ClinicalDetails,
    DateTime RequestedAt,
    IReadOnlyList<OrderedTestDto> Tests,
    IReadOnlyList<SpecimenDto> Specimens)
{
    public static OrderDto From(LabOrder o)
    {
        var accession = o.Specimens.ToDictionary(s => s.Id, s => s.Accession);
        var tests = o.Tests.OrderBy(t => t.Position).ToList();
        return new(o.Id, o.Number, o.PatientId, o.RequestedByName, o.Location, o.Priority, o.ClinicalDetails, o.RequestedAt,
            [.. tests.Select(t => new OrderedTestDto(t.TestCode, t.OrderedAs, accession[t.SpecimenId]))],
            [.. o.Specimens.OrderBy(s => s.Accession).Select(s => SpecimenDto.From(s, tests.Where(t => t.SpecimenId == s.Id).Select(t => t.TestCode)))]);
    }

    public bool Urgent => Priority == Priorities.Urgent;
}

public sealed record PlaceOrderResult(OrderDto? Order, IDictionary<string, string[]> Errors);

/// <summary>
/// Places a request: checks the patient and every test code (all or nothing), then creates one specimen per container
/// (tests that share a tube share a specimen) with a new accession number. Accession and order numbers are random and
/// unique in the database; a collision (rare) is retried with new numbers, never saved twice.
/// </summary>
public sealed class PlaceOrder(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, IPatientDirectory patients, Catalogue catalogue,
    TimeProvider clock)
{
    public async Task<PlaceOrderResult> HandleAsync(OrderRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        Infirmary.Platform.Ui.PatientBannerModel? banner = null;
        if (request.PatientId is not { } patientId || patientId == Guid.Empty)
        {
            errors["patientId"] = ["Enter the patient's id"];
        }
        else if ((banner = await patients.GetBannerAsync(patientId, ct)) is null)
        {
            errors["patientId"] = ["There is no patient with this id"];
        }

        var codes = request.Tests ?? [];
        var (tests, unknown) = await catalogue.ResolveAsync(codes, ct);
        if (unknown.Count > 0)
        {
            errors["tests"] = [$"Not in the test catalogue: {string.Join(", ", unknown)}"];
        }
        else if (tests.Count == 0)
        {
            errors["tests"] = ["Choose at least one test or panel"];
        }

        var location = request.Location?.Trim();
        if (string.IsNullOrEmpty(location))
        {
            errors["location"] = ["Enter the ward or clinic the patient is in"];
        }
        else if (location.Length > 100)
        {
            errors["location"] = ["The location must be 100 characters or fewer"];
        }

        var priority = string.IsNullOrWhiteSpace(request.Priority) ? Priorities.Routine : request.Priority.Trim().ToLowerInvariant();
        if (!Priorities.All.Contains(priority))
        {
            errors["priority"] = ["The priority must be routine or urgent"];
        }

        var details = FreeText.Clean(request.ClinicalDetails);
        if (details is { Length: > LabOrder.MaxClinicalDetails })
        {
            errors["clinicalDetails"] = [$"Clinical details must be {LabOrder.MaxClinicalDetails} characters or fewer"];
        }

        var actor = actors.Current;
        // A person requests in their own name; a system (order communications) names the requesting clinician.
        var requester = actor.IsSystem ? request.RequestedBy?.Trim() : StaffName.Of(actor);
        if (string.IsNullOrEmpty(requester))
        {
            errors["requestedBy"] = ["Name the requesting clinician"];
        }
        else if (requester.Length > 200)
        {
            errors["requestedBy"] = ["The requesting clinician's name must be 200 characters or fewer"];
        }

        if (errors.Count > 0)
        {
            return new PlaceOrderResult(null, errors);
        }

        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var order = new LabOrder
            {
                Number = $"R{now.Year % 100:D2}{System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, 100_000_000):D8}",
                PatientId = request.PatientId!.Value,
                PatientSex = banner!.Sex is "Male" or "Female" ? banner.Sex : null,
                PatientBirthDate = banner.BirthDate,
                PatientNhsNumber = banner.NhsNumber is { Length: 10 } nhs ? nhs : null,
                RequestedById = actor.Id,
                RequestedByName = requester!,
                Location = location!,
                Priority = priority,
                ClinicalDetails = details,
                RequestedAt = now,
            };
            var position = tests.Select((t, i) => (t.Test.Code, i)).ToDictionary(x => x.Code, x => x.i + 1);
            foreach (var tube in tests.GroupBy(t => (t.Test.Container, t.Test.SpecimenType)))
            {
                var specimen = new Specimen
                {
                    OrderId = order.Id,
                    PatientId = order.PatientId,
                    Accession = Specimen.NewAccession(now),
                    SpecimenType = tube.Key.SpecimenType,
                    Container = tube.Key.Container,
                    VolumeMl = tube.Max(t => t.Test.VolumeMl),
                };
                order.Specimens.Add(specimen);
                order.Tests.AddRange(tube.Select(t => new OrderedTest
                {
                    OrderId = order.Id, TestCode = t.Test.Code, OrderedAs = t.Ordered, SpecimenId = specimen.Id, Position = position[t.Test.Code],
                }));
            }

            db.Add(order);
            audit.Add(AuditAction.Create, $"LabOrder/{order.Id}", order.PatientId,
                detail: $"{order.Number} {priority}: {string.Join(", ", codes.Select(c => c.Trim().ToUpperInvariant()).Distinct())}; specimens {string.Join(", ", order.Specimens.Select(s => s.Accession))}");
            try
            {
                await db.SaveChangesAsync(ct);
                return new PlaceOrderResult(OrderDto.From(order), errors);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e) && attempt < 5)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}

/// <summary>Reads orders: one by id, or the requester's own ("my requests"), with specimens and any rejection.</summary>
public sealed class ReadOrders(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors)
{
    public async Task<OrderDto?> GetAsync(Guid id, CancellationToken ct)
    {
        var order = await db.Set<LabOrder>().AsNoTracking().AsSplitQuery().Include(o => o.Tests).Include(o => o.Specimens)
            .FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return null;
        }

        await audit.RecordAsync(AuditAction.Read, $"LabOrder/{id}", order.PatientId, ct: ct);
        return OrderDto.From(order);
    }

    public async Task<IReadOnlyList<OrderDto>> MineAsync(int limit, CancellationToken ct)
    {
        var me = actors.Current.Id;
        var orders = await db.Set<LabOrder>().AsNoTracking().AsSplitQuery().Include(o => o.Tests).Include(o => o.Specimens)
            .Where(o => o.RequestedById == me).OrderByDescending(o => o.RequestedAt).Take(Math.Clamp(limit, 1, 200)).ToListAsync(ct);
        await audit.RecordManyAsync(AuditAction.Search, orders.Select(o => ($"LabOrder/{o.Id}", (Guid?)o.PatientId)), "my laboratory requests", ct);
        return [.. orders.Select(OrderDto.From)];
    }
}
