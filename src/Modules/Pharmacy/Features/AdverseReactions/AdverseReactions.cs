using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Patients;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features;

public sealed record AdverseReactionRequest(
    Guid? PatientId, string? Medicine, string? Reaction, DateOnly? OnsetDate, bool? Serious, string? SeriousReason, string? Outcome, string? Type);

public sealed record AdverseReactionDto(
    Guid Id, Guid PatientId, string MedicineCode, string Medicine, string Substance, string Reaction, DateOnly OnsetDate, bool Serious,
    string? SeriousReason, string Outcome, string Type, string Reporter, DateTime RecordedAt);

/// <summary>
/// Suspected adverse drug reactions (Yellow Card fields). The suspect medicine is a formulary product (code or name as
/// the screening resolves it); its first ingredient joins the patient's allergy/intolerance list, which
/// <see cref="WritePrescription"/> adds to every new prescription's screening (ADR 0063).
/// </summary>
public sealed class AdverseReactions(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, IPatientDirectory patients, FormularyEngine formulary, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> SeriousReasons =
        ["death", "life-threatening", "hospitalisation", "disability", "congenital abnormality", "medically significant"];

    public async Task<(IDictionary<string, string[]>? Errors, AdverseReactionDto? Recorded)> RecordAsync(AdverseReactionRequest r, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (r.PatientId is not { } patientId || await patients.GetBannerAsync(patientId, ct) is null)
        {
            errors["patientId"] = ["There is no patient with this id."];
        }

        Vmp? vmp = null;
        if (string.IsNullOrWhiteSpace(r.Medicine) || r.Medicine.Length > 200)
        {
            errors["medicine"] = ["Name the suspect medicine (a formulary code or name)."];
        }
        else
        {
            var snapshot = await formulary.GetAsync(ct);
            var text = r.Medicine.Trim();
            var resolved = snapshot.Engine.Resolve(text.All(char.IsAsciiDigit) ? new Medicines.MedicineOrder(Code: snapshot.VmpCode(text)) : new Medicines.MedicineOrder(Text: text));
            if (resolved.Product is { } product)
            {
                vmp = await db.Set<Vmp>().AsNoTracking().Include(v => v.Ingredients).FirstOrDefaultAsync(v => v.Code == product.Code, ct);
            }

            if (vmp is null || vmp.Ingredients.Count == 0)
            {
                errors["medicine"] = [$"'{text}' is not one product in the formulary{(resolved.Suggestions.Count > 0 ? $"; did you mean {string.Join(", ", resolved.Suggestions)}?" : ".")}"];
            }
        }

        if (string.IsNullOrWhiteSpace(r.Reaction) || r.Reaction.Trim().Length is < 3 or > 1000)
        {
            errors["reaction"] = ["Describe the reaction (3 to 1,000 characters)."];
        }

        var today = UkFormat.TodayInLondon(clock);
        if (r.OnsetDate is not { } onset || onset > today || onset < today.AddYears(-120))
        {
            errors["onsetDate"] = ["Give the date the reaction started (not in the future)."];
        }

        var seriousReason = r.SeriousReason?.Trim().ToLowerInvariant();
        if (r.Serious is null)
        {
            errors["serious"] = ["Say whether the reaction was serious."];
        }
        else if (r.Serious.Value != (seriousReason is { Length: > 0 }) || (seriousReason is { Length: > 0 } && !SeriousReasons.Contains(seriousReason)))
        {
            errors["seriousReason"] = [$"A serious reaction needs one reason ({string.Join(", ", SeriousReasons)}); a non-serious one none."];
        }

        var outcome = r.Outcome?.Trim().ToLowerInvariant();
        if (outcome is null || !ReactionOutcome.All.Contains(outcome))
        {
            errors["outcome"] = [$"The outcome must be one of: {string.Join(", ", ReactionOutcome.All)}."];
        }

        var type = string.IsNullOrWhiteSpace(r.Type) ? "intolerance" : r.Type.Trim().ToLowerInvariant();
        if (type is not ("allergy" or "intolerance"))
        {
            errors["type"] = ["The type must be allergy or intolerance."];
        }

        if (errors.Count > 0)
        {
            return (errors, null);
        }

        var actor = actors.Current;
        var row = new AdverseReaction
        {
            Id = Guid.NewGuid(), PatientId = r.PatientId!.Value, VmpId = vmp!.Id, Substance = vmp.Ingredients.OrderBy(i => i.Position).First().Substance,
            Reaction = r.Reaction!.Trim(), OnsetDate = r.OnsetDate!.Value, Serious = r.Serious!.Value, SeriousReason = r.Serious.Value ? seriousReason : null,
            Outcome = outcome!, Type = type, ReporterId = actor.Id, ReporterName = StaffName.Of(actor), RecordedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(row);
        audit.Add(AuditAction.Create, $"AllergyIntolerance/{row.Id}", row.PatientId, detail: "suspected adverse drug reaction recorded");
        await db.SaveChangesAsync(ct);
        return (null, ToDto(row, vmp));
    }

    public async Task<IReadOnlyList<AdverseReactionDto>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var rows = await (
            from a in db.Set<AdverseReaction>().AsNoTracking()
            join v in db.Set<Vmp>() on a.VmpId equals v.Id
            where a.PatientId == patientId
            orderby a.OnsetDate descending
            select new { a, v }).ToListAsync(ct);
        await audit.RecordAsync(AuditAction.Search, $"AllergyIntolerance?patient={patientId}", patientId, ct: ct);
        return [.. rows.Select(x => ToDto(x.a, x.v))];
    }

    /// <summary>The substances on a patient's recorded reactions, for screening (no audit: the caller's write is audited).</summary>
    public static async Task<IReadOnlyList<string>> AllergensAsync(InfirmaryDbContext db, Guid patientId, CancellationToken ct) =>
        await db.Set<AdverseReaction>().AsNoTracking().Where(a => a.PatientId == patientId).Select(a => a.Substance).Distinct().ToListAsync(ct);

    private static AdverseReactionDto ToDto(AdverseReaction a, Vmp v) =>
        new(a.Id, a.PatientId, v.Code, v.Name, a.Substance, a.Reaction, a.OnsetDate, a.Serious, a.SeriousReason, a.Outcome, a.Type, a.ReporterName, a.RecordedAt);
}

/// <summary>REST: <c>/api/v1/pharmacy/adverse-reactions</c>.</summary>
public static class AdverseReactionsApi
{
    public static IEndpointRouteBuilder MapAdverseReactionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{KnownRoutes.Api}/pharmacy/adverse-reactions").WithTags("Pharmacy adverse reactions");
        group.MapPost("/", async Task<IResult> (AdverseReactionRequest r, AdverseReactions h, CancellationToken ct) =>
            {
                var (errors, recorded) = await h.RecordAsync(r, ct);
                return errors is null
                    ? TypedResults.Created($"{KnownRoutes.Api}/pharmacy/adverse-reactions?patient={recorded!.PatientId}", recorded)
                    : TypedResults.ValidationProblem(errors, title: "The adverse reaction report needs correcting");
            })
            .RequirePermission(Permissions.AdverseReactionsRecord)
            .WithSummary("Record a suspected adverse drug reaction (Yellow Card fields); its substance joins the patient's allergy list");
        group.MapGet("/", async (Guid patient, AdverseReactions h, CancellationToken ct) => TypedResults.Ok(await h.ForPatientAsync(patient, ct)))
            .RequirePermission(Permissions.PrescriptionsRead).WithSummary("A patient's recorded adverse reactions");
        return app;
    }
}
