using System.Text.Json;
using System.Text.Json.Serialization;
using Hl7.Fhir.Model;
using Infirmary.Medicines;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Fhir;

namespace Infirmary.Pharmacy.Features;

public sealed record CdsPrefetch(string Key, string Template);

/// <summary>One CDS Hooks service as listed by discovery.</summary>
public sealed record CdsService(string Hook, string Id, string Title, string Description, IReadOnlyDictionary<string, string> Prefetch);

public sealed record CdsSource(string Label);

/// <summary>A CDS Hooks 1.0 card.</summary>
public sealed record CdsCard(string Uuid, string Summary, string Indicator, string Detail, CdsSource Source);

/// <summary>What the caller sent, understood: the screening request plus who it is about.</summary>
public sealed record CdsCall(string HookInstance, string PatientId, ScreeningRequest Request, int DraftOrderCount);

/// <summary>
/// CDS Hooks 1.0 medicines screening (<c>order-select</c> and <c>order-sign</c>): reads <c>context.draftOrders</c>
/// (a FHIR Bundle of MedicationRequest) and, when sent, the prefetched current medicines, allergies and patient.
/// </summary>
public sealed class CdsHooks(ScreenMedicines screen, AuditTrail audit, TimeProvider clock)
{
    public const int MaxBodyBytes = 1024 * 1024;

    private static readonly Dictionary<string, string> PrefetchTemplates = new(StringComparer.Ordinal)
    {
        ["patient"] = "Patient/{{context.patientId}}",
        ["medications"] = "MedicationRequest?patient={{context.patientId}}&status=active",
        ["allergies"] = "AllergyIntolerance?patient={{context.patientId}}",
    };

    public static readonly IReadOnlyList<CdsService> Services =
    [
        new("order-select", "medicines-screening-select", "Medicines screening (as medicines are chosen)",
            "Screens the selected draft medication orders against the patient's current medicines and allergies: interactions, allergy and cross-sensitivity, duplicate therapy and dose range (UK rules: BNF, MHRA; ONC high-priority list).",
            PrefetchTemplates),
        new("order-sign", "medicines-screening-sign", "Medicines screening (before signing)",
            "Screens the draft medication orders about to be signed against the patient's current medicines and allergies: interactions, allergy and cross-sensitivity, duplicate therapy and dose range (UK rules: BNF, MHRA; ONC high-priority list).",
            PrefetchTemplates),
    ];

    public static CdsService? Find(string id) => Services.FirstOrDefault(s => s.Id == id);

    /// <summary>Validates and reads a hook request. Errors name the field at fault.</summary>
    public (CdsCall? Call, IReadOnlyList<string> Errors) Read(CdsService service, ReadOnlyMemory<byte> utf8Body)
    {
        // The JSON reader checks UTF-8 only when a string is read; refuse a body that is not UTF-8 here, as a 400.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Body.Span))
        {
            return (null, ["The body is not valid JSON: it is not UTF-8 text."]);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8Body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            return (null, [$"The body is not valid JSON: {e.Message}"]);
        }

        using (doc)
        {
            var errors = new List<string>();
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, ["The body must be a JSON object with hookInstance, hook and context."]);
            }

            var hookInstance = String(root, "hookInstance", errors, "hookInstance");
            var hook = String(root, "hook", errors, "hook");
            if (hook is not null && hook != service.Hook)
            {
                errors.Add($"hook: this service ({service.Id}) answers '{service.Hook}', not '{hook}'.");
            }

            if (!root.TryGetProperty("context", out var context) || context.ValueKind != JsonValueKind.Object)
            {
                errors.Add("context: required, a JSON object with patientId and draftOrders.");
                return (null, errors);
            }

            var patientId = String(context, "patientId", errors, "context.patientId");
            var drafts = new List<MedicineOrder>();
            if (!context.TryGetProperty("draftOrders", out var draftJson) || draftJson.ValueKind != JsonValueKind.Object)
            {
                errors.Add("context.draftOrders: required, a FHIR Bundle of MedicationRequest resources.");
            }
            else if (ReadBundle(draftJson, "context.draftOrders", errors) is { } bundle)
            {
                var n = 0;
                foreach (var entry in bundle.Entry)
                {
                    n++;
                    if (entry.Resource is not MedicationRequest mr)
                    {
                        continue; // order-sign may carry other orders (ServiceRequest...): not ours to screen.
                    }

                    var (order, error) = FhirMedicines.ToOrder(mr);
                    if (error is not null)
                    {
                        errors.Add($"context.draftOrders.entry[{n - 1}]: MedicationRequest {error}.");
                    }
                    else
                    {
                        drafts.Add(order!);
                    }
                }

                if (drafts.Count == 0 && errors.Count == 0)
                {
                    errors.Add("context.draftOrders: the Bundle holds no MedicationRequest to screen.");
                }
            }

            var current = new List<MedicineOrder>();
            var allergies = new List<string>();
            double? age = null;
            if (root.TryGetProperty("prefetch", out var prefetch) && prefetch.ValueKind != JsonValueKind.Null)
            {
                if (prefetch.ValueKind != JsonValueKind.Object)
                {
                    errors.Add("prefetch: must be a JSON object keyed by the prefetch names in discovery.");
                }
                else
                {
                    if (Prefetched(prefetch, "medications", errors) is { } meds)
                    {
                        foreach (var mr in Resources<MedicationRequest>(meds).Where(FhirMedicines.IsCurrent))
                        {
                            if (FhirMedicines.ToOrder(mr).Order is { } o)
                            {
                                current.Add(o);
                            }
                        }
                    }

                    if (Prefetched(prefetch, "allergies", errors) is { } allergyResources)
                    {
                        allergies.AddRange(Resources<AllergyIntolerance>(allergyResources).Select(FhirMedicines.Allergen).OfType<string>());
                    }

                    if (Prefetched(prefetch, "patient", errors) is Patient patient)
                    {
                        age = FhirMedicines.AgeYears(patient, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
                    }
                }
            }

            if (errors.Count > 0)
            {
                return (null, errors);
            }

            var request = new ScreeningRequest
            {
                DraftOrders = drafts,
                CurrentMedicines = current,
                Allergies = [.. allergies.Distinct(StringComparer.OrdinalIgnoreCase)],
                AgeYears = age,
            };
            return (new CdsCall(hookInstance!, patientId!, request, drafts.Count), []);
        }
    }

    /// <summary>Screens the call, audits it against the patient, and returns the cards (most serious first).</summary>
    public async Task<IReadOnlyList<CdsCard>> HandleAsync(CdsService service, CdsCall call, CancellationToken ct)
    {
        var alerts = await screen.HandleAsync(call.Request, ct);
        var cards = alerts.Select(ToCard).ToList();
        // Patients registered here are named by their id; an external system's own patient id is kept in the detail.
        Guid? patient = Guid.TryParse(call.PatientId, out var g) ? g : null;
        var who = patient is null ? $"external patient {Clip(call.PatientId, 64)}; " : string.Empty;
        await audit.RecordAsync(AuditAction.Execute, $"cds-services/{service.Id}", patient, AuditOutcome.Success,
            $"{who}hookInstance {Clip(call.HookInstance, 64)}; {call.DraftOrderCount} draft orders; {cards.Count} cards", ct);
        return cards;
    }

    public static CdsCard ToCard(Alert alert) => new(
        ScreenMedicines.CardUuid(alert).ToString(),
        ScreenMedicines.Summary(alert),
        ScreenMedicines.Indicator(alert),
        ScreenMedicines.Detail(alert),
        new CdsSource(alert.Source));

    private static string Clip(string s, int n) => s.Length <= n ? s : s[..n];

    private static string? String(JsonElement obj, string name, List<string> errors, string path)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
        {
            errors.Add($"{path}: required, a non-empty string.");
            return null;
        }

        var s = v.GetString()!.Trim();
        if (s.Length > 200)
        {
            errors.Add($"{path}: must be 200 characters or fewer.");
            return null;
        }

        return s;
    }

    private static Resource? Prefetched(JsonElement prefetch, string key, List<string> errors)
    {
        // CDS Hooks: a prefetch value is null when the client could not fetch it.
        if (!prefetch.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"prefetch.{key}: must be a FHIR resource (JSON object) or null.");
            return null;
        }

        var parsed = FhirJson.Parse(v);
        if (!parsed.Succeeded)
        {
            errors.AddRange(parsed.Errors.Select(e => $"prefetch.{key}: {e}"));
            return null;
        }

        return parsed.Resource;
    }

    private static Bundle? ReadBundle(JsonElement json, string path, List<string> errors)
    {
        var parsed = FhirJson.Parse(json);
        if (!parsed.Succeeded)
        {
            errors.AddRange(parsed.Errors.Select(e => $"{path}: {e}"));
            return null;
        }

        if (parsed.Resource is not Bundle bundle)
        {
            errors.Add($"{path}: expected a FHIR Bundle; got {parsed.Resource!.TypeName}.");
            return null;
        }

        return bundle;
    }

    private static IEnumerable<T> Resources<T>(Resource resource) where T : Resource => resource switch
    {
        Bundle b => b.Entry.Select(e => e.Resource).OfType<T>(),
        T single => [single],
        _ => [],
    };
}

/// <summary>JSON shapes of the discovery and card responses (CDS Hooks uses camelCase).</summary>
public sealed record CdsDiscovery([property: JsonPropertyName("services")] IReadOnlyList<CdsService> Services);

public sealed record CdsResponse([property: JsonPropertyName("cards")] IReadOnlyList<CdsCard> Cards);
