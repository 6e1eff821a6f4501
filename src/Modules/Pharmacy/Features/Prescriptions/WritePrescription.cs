using Infirmary.Medicines;
using Infirmary.Patients;
using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features;

public sealed record PrescriptionItemRequest(
    string? ProductCode,
    double? DoseMg,
    string? Route,
    string? Frequency,
    string? Directions,
    int? Quantity);

public sealed record PrescriptionRequest(
    Guid? PatientId,
    string? Type,
    IReadOnlyList<PrescriptionItemRequest>? Items,
    IReadOnlyList<string>? Allergies = null,
    IReadOnlyList<string>? CurrentMedicines = null,
    double? WeightKg = null);

public enum PrescriptionOutcome
{
    Done,
    Invalid,
    NotFound,
    Conflict,
    Stale,
}

public sealed record PrescriptionResult(
    PrescriptionOutcome Outcome,
    Prescription? Prescription = null,
    string? Message = null,
    IDictionary<string, string[]>? Errors = null);

/// <summary>
/// Writes a prescription and screens it with the module's screening (<see cref="ScreenMedicines"/>, the same engine
/// as CDS Hooks and FHIR $screen): every alert is stored with the prescription, awaiting the pharmacist's check.
/// </summary>
public sealed class WritePrescription(
    InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, IPatientDirectory patients, PrescriptionScreening screening, TimeProvider clock)
{
    public const int MaxItems = 20;
    public const double MaxDoseMg = 100_000;
    public const int MaxQuantity = 10_000;

    public async Task<PrescriptionResult> HandleAsync(PrescriptionRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        PatientBannerModel? banner = null;
        if (request.PatientId is not { } patientId || patientId == Guid.Empty)
        {
            errors["patientId"] = ["Say which patient the prescription is for (patientId)."];
        }
        else if ((banner = await patients.GetBannerAsync(patientId, ct)) is null)
        {
            errors["patientId"] = ["There is no patient with this id."];
        }

        var type = request.Type?.Trim().ToLowerInvariant();
        if (type is null || !PrescriptionType.All.Contains(type))
        {
            errors["type"] = [$"The type must be one of: {string.Join(", ", PrescriptionType.All)}."];
        }

        if (request.WeightKg is { } w && (double.IsNaN(w) || w <= 0 || w > 500))
        {
            errors["weightKg"] = ["The weight must be between 0 and 500 kg."];
        }

        var allergies = Clean(request.Allergies, "allergies", 200, errors);
        if (request.PatientId is { } forPatient && banner is not null)
        {
            // Recorded adverse reactions are part of the patient's allergy list: every prescription is screened against them.
            var recorded = await AdverseReactions.AllergensAsync(db, forPatient, ct);
            allergies = [.. allergies.Concat(recorded.Where(a => !allergies.Contains(a, StringComparer.OrdinalIgnoreCase)))];
        }
        var current = Clean(request.CurrentMedicines, "currentMedicines", 300, errors);
        var items = new List<PrescriptionItem>();
        if (request.Items is not { Count: > 0 } requested)
        {
            errors["items"] = ["A prescription needs at least one item."];
        }
        else if (requested.Count > MaxItems)
        {
            errors["items"] = [$"A prescription holds at most {MaxItems} items."];
        }
        else
        {
            var snapshot = await screening.ProductsAsync(ct);
            for (var i = 0; i < requested.Count; i++)
            {
                if (await ItemAsync(requested[i], i, snapshot, errors, ct) is { } item)
                {
                    items.Add(item);
                }
            }
        }

        if (errors.Count > 0)
        {
            return new PrescriptionResult(PrescriptionOutcome.Invalid, Errors: errors);
        }

        var actor = actors.Current;
        var prescription = new Prescription
        {
            Id = Guid.NewGuid(),
            PatientId = request.PatientId!.Value,
            Type = type!,
            Status = PrescriptionStatus.AwaitingCheck,
            PrescriberId = actor.Id,
            PrescriberName = StaffName.Of(actor),
            WrittenAt = clock.GetUtcNow().UtcDateTime,
            Allergies = allergies.Count == 0 ? null : string.Join('\n', allergies),
            CurrentMedicines = current.Count == 0 ? null : string.Join('\n', current),
            WeightKg = request.WeightKg,
            AgeYears = banner?.BirthDate is { } born ? UkFormat.AgeInYears(born, UkFormat.TodayInLondon(clock)) : null,
            Version = 1,
            Items = items,
        };
        foreach (var item in items)
        {
            item.PrescriptionId = prescription.Id;
        }

        var alerts = await screening.ScreenAsync(prescription, ct);
        prescription.Alerts = [.. alerts.Select(a => PrescriptionScreening.ToRow(prescription.Id, a))];
        db.Add(prescription);
        var mustOverride = prescription.Alerts.Count(a => a.NeedsOverride);
        db.Add(new PrescriptionEvent
        {
            PrescriptionId = prescription.Id, Action = "written", ById = actor.Id, ByName = prescription.PrescriberName,
            At = prescription.WrittenAt, Note = $"Screened: {alerts.Count} alert(s), {mustOverride} severe or contraindicated.",
        });
        audit.Add(AuditAction.Create, $"Prescription/{prescription.Id}", prescription.PatientId);
        await db.SaveChangesAsync(ct);
        return new PrescriptionResult(PrescriptionOutcome.Done, prescription);
    }

    private async Task<PrescriptionItem?> ItemAsync(PrescriptionItemRequest r, int i, ScreeningSnapshot snapshot, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var at = $"items[{i}]";
        var before = errors.Count;
        Vmp? vmp = null;
        var code = r.ProductCode?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            errors[$"{at}.productCode"] = ["Choose a product from the formulary (its dm+d code)."];
        }
        else
        {
            var vmpCode = snapshot.VmpCode(code);
            vmp = await db.Set<Vmp>().AsNoTracking().FirstOrDefaultAsync(v => v.Code == vmpCode, ct);
            if (vmp is null)
            {
                errors[$"{at}.productCode"] = [$"Product '{code}' is not in the formulary."];
            }
        }

        if (r.DoseMg is not { } dose || double.IsNaN(dose) || dose <= 0)
        {
            errors[$"{at}.doseMg"] = ["The dose must be more than 0 mg."];
        }
        else if (dose > MaxDoseMg)
        {
            errors[$"{at}.doseMg"] = [$"A dose of {dose} mg is not possible (more than {MaxDoseMg / 1000} g)."];
        }

        var frequency = r.Frequency is null ? null : Frequencies.Normalise(r.Frequency);
        if (!Frequencies.IsKnown(frequency))
        {
            errors[$"{at}.frequency"] = [$"The frequency must be one of: {string.Join(", ", Frequencies.Codes)}."];
        }

        if (r.Quantity is not { } quantity || quantity < 1 || quantity > MaxQuantity)
        {
            errors[$"{at}.quantity"] = [$"The quantity to supply must be between 1 and {MaxQuantity}."];
        }

        if (r.Route?.Trim().Length > 60)
        {
            errors[$"{at}.route"] = ["The route must be 60 characters or fewer."];
        }

        var directions = r.Directions?.Trim();
        if (directions?.Length > 500)
        {
            errors[$"{at}.directions"] = ["The directions must be 500 characters or fewer."];
        }

        if (errors.Count > before || vmp is null)
        {
            return null;
        }

        return new PrescriptionItem
        {
            Id = Guid.NewGuid(),
            Position = i + 1,
            VmpId = vmp.Id,
            ProductCode = code!,
            ProductName = vmp.Name,
            DoseMg = r.DoseMg!.Value,
            Route = string.IsNullOrWhiteSpace(r.Route) ? vmp.Route : r.Route.Trim(),
            Frequency = frequency!,
            Directions = string.IsNullOrEmpty(directions) ? DefaultDirections(r.DoseMg.Value, frequency!) : directions,
            Quantity = r.Quantity!.Value,
            QuantityUnit = UnitOf(vmp),
        };
    }

    public static string DefaultDirections(double doseMg, string frequency) =>
        $"{doseMg.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} mg {Frequencies.Text(frequency)}";

    /// <summary>The unit a quantity of this product is counted in: ml for liquids, else the dose form's unit.</summary>
    public static string UnitOf(Vmp vmp) =>
        vmp.UnitDose.Contains("ml", StringComparison.OrdinalIgnoreCase) ? "ml" : vmp.UnitDose.Trim();

    private static List<string> Clean(IReadOnlyList<string>? values, string field, int maxLength, Dictionary<string, string[]> errors)
    {
        var list = (values ?? []).Select(v => v?.Trim() ?? string.Empty).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (list.Count > 30 || list.Any(v => v.Length > maxLength || v.Contains('\n', StringComparison.Ordinal)))
        {
            errors[field] = [$"Give at most 30 {field} entries, each one line of at most {maxLength} characters."];
        }

        return list;
    }
}

/// <summary>Builds the screening request for a prescription and turns alerts into rows. Screening itself is <see cref="ScreenMedicines"/>.</summary>
public sealed class PrescriptionScreening(ScreenMedicines screen, FormularyEngine formulary)
{
    public ValueTask<ScreeningSnapshot> ProductsAsync(CancellationToken ct) => formulary.GetAsync(ct);

    public Task<IReadOnlyList<Alert>> ScreenAsync(Prescription p, CancellationToken ct) =>
        screen.HandleAsync(new ScreeningRequest
        {
            DraftOrders = [.. p.Items.OrderBy(i => i.Position).Select(i => new MedicineOrder(Code: i.ProductCode)
            {
                DoseMg = i.DoseMg,
                DosesPerDay = Frequencies.PerDay(i.Frequency),
                Route = i.Route,
            })],
            CurrentMedicines = [.. p.CurrentMedicineList.Select(m => new MedicineOrder(Text: m))],
            Allergies = p.AllergyList,
            AgeYears = p.AgeYears,
            WeightKg = p.WeightKg,
        }, ct);

    public static PrescriptionAlert ToRow(Guid prescriptionId, Alert a) => new()
    {
        Id = Guid.NewGuid(),
        PrescriptionId = prescriptionId,
        AlertId = a.Id,
        RuleId = Cut(a.RuleId, 200),
        Kind = a.Kind.ToString().ToLowerInvariant(),
        Severity = (int)a.Severity,
        Summary = Cut(ScreenMedicines.Summary(a), 200),
        Mechanism = Cut(a.Mechanism, 2000),
        Advice = Cut(a.Advice, 2000),
        Source = Cut(a.Source, 1000),
    };

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
