using System.Globalization;
using Hl7.Fhir.Model;
using Infirmary.Physics.Domain;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Physics.Features;

/// <summary>
/// Medical physics' part of a patient's whole record (ADR 0072): the independent MU checks and gamma QA results of the
/// patient's treatment plans, each as an <c>Observation</c> (preliminary until a second physicist has checked it). FHIR
/// has no resource made for either, so the code is local and the figures are components; the full worksheet stays on
/// the page linked from the record.
/// </summary>
internal sealed class PhysicsCompartment(InfirmaryDbContext db) : IPatientCompartmentSource
{
    public const string CodeSystem = "https://infirmary.nhs.uk/CodeSystem/physics-check";

    public string Module => "Medical physics";

    public string Permission => Permissions.PhysicsRead;

    public IReadOnlyList<string> ResourceTypes { get; } = ["Observation"];

    public async Task<IReadOnlyList<Resource>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var mu = await db.Set<MuCheck>().AsNoTracking().Where(c => c.PatientId == patientId).OrderBy(c => c.PerformedAt).ToListAsync(ct);
        var gamma = await db.Set<GammaAnalysis>().AsNoTracking().Where(g => g.PatientId == patientId).OrderBy(g => g.PerformedAt).ToListAsync(ct);
        return [.. mu.Select(ToObservation), .. gamma.Select(ToObservation)];
    }

    internal static Observation ToObservation(MuCheck c)
    {
        var o = Base(c.Id, c.Version, c.PatientId, c.IsFinal, c.PerformedAt, c.PerformedByName, c.CheckedByName,
            "mu-check", "Independent monitor unit check (TG-71)");
        o.Value = new Quantity((decimal)Math.Round(c.Mu, 1), "MU");
        o.Interpretation = [Interpretation(c.WithinActionLevel, "Within action level", "Outside action level")];
        o.Note = [new Annotation { Text = new Markdown($"{c.Machine} {c.BeamEnergy}, {c.SetUp} set-up, {Num(c.FieldXCm)} × {Num(c.FieldYCm)} cm at {Num(c.DepthCm)} cm depth{(c.OffAxisCm is > 0 ? $", {Num(c.OffAxisCm.Value)} cm off axis" : string.Empty)}") }];
        o.Component =
        [
            Component("planning-system-mu", "Planning system MU", (decimal)c.PlanningSystemMu, "MU"),
            Component("percent-difference", "Difference from the planning system", (decimal)Math.Round(c.PercentDifference, 2), "%"),
            Component("action-level", "Action level", (decimal)c.ActionLevelPercent, "%"),
        ];
        return o;
    }

    internal static Observation ToObservation(GammaAnalysis g)
    {
        var o = Base(g.Id, g.Version, g.PatientId, g.IsFinal, g.PerformedAt, g.PerformedByName, g.CheckedByName,
            "gamma-qa", "Patient-specific QA: gamma index");
        o.Value = new Quantity((decimal)Math.Round(g.PassRatePercent, 2), "%");
        o.Interpretation = [Interpretation(g.Pass, "Pass", "Fail")];
        o.Note = [new Annotation { Text = new Markdown($"Plan {g.Plan}: {g.Criteria}; {g.PassedPoints} of {g.EvaluatedPoints} points pass") }];
        o.Component = [Component("tolerance-pass-rate", "Tolerance pass rate", (decimal)g.TolerancePassRatePercent, "%")];
        return o;
    }

    private static Observation Base(Guid id, int version, Guid patientId, bool final, DateTime at, string by, string? checkedBy, string code, string display)
    {
        var performers = new List<ResourceReference> { new() { Display = by, Type = "Practitioner" } };
        if (checkedBy is not null)
        {
            performers.Add(new ResourceReference { Display = checkedBy, Type = "Practitioner" });
        }

        return new Observation
        {
            Id = id.ToString(),
            Meta = new Meta { VersionId = version.ToString(CultureInfo.InvariantCulture) },
            Status = final ? ObservationStatus.Final : ObservationStatus.Preliminary,
            Code = new CodeableConcept(CodeSystem, code, display, display),
            Subject = new ResourceReference($"Patient/{patientId}"),
            Effective = new FhirDateTime(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))),
            Performer = performers,
        };
    }

    private static CodeableConcept Interpretation(bool ok, string good, string bad) => ok
        ? new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "N", "Normal", good)
        : new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "A", "Abnormal", bad);

    private static Observation.ComponentComponent Component(string code, string display, decimal value, string unit) => new()
    {
        Code = new CodeableConcept(CodeSystem, code, display, display),
        Value = new Quantity(value, unit),
    };

    private static string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>
/// The physics checks in a patient's record, each readable again by its own id at the platform's shared
/// <c>/fhir/Observation/{id}</c> route (ADR 0137), with the physics permission, audited against the patient.
/// </summary>
internal sealed class PhysicsObservationSource(InfirmaryDbContext db, AuditTrail audit) : IFhirInstanceSource
{
    public static readonly FhirResourceCapability Capability = new("Observation", ["read"], []);

    public string ResourceType => "Observation";

    public string Permission => Permissions.PhysicsRead;

    public async Task<IResult?> ReadAsync(Guid id, CancellationToken ct)
    {
        if (await db.Set<MuCheck>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) is { } mu)
        {
            await audit.RecordAsync(AuditAction.Read, $"Observation/{id}", mu.PatientId, ct: ct);
            return FhirResults.Ok(PhysicsCompartment.ToObservation(mu), mu.Version.ToString(CultureInfo.InvariantCulture));
        }

        if (await db.Set<GammaAnalysis>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, ct) is { } gamma)
        {
            await audit.RecordAsync(AuditAction.Read, $"Observation/{id}", gamma.PatientId, ct: ct);
            return FhirResults.Ok(PhysicsCompartment.ToObservation(gamma), gamma.Version.ToString(CultureInfo.InvariantCulture));
        }

        return null;
    }

    public async Task<bool> HoldsAsync(Guid id, CancellationToken ct) =>
        await db.Set<MuCheck>().AnyAsync(c => c.Id == id, ct) || await db.Set<GammaAnalysis>().AnyAsync(g => g.Id == id, ct);
}
