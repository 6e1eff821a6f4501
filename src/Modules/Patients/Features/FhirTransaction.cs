using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using FhirPatient = Hl7.Fhir.Model.Patient;
using Patient = Infirmary.Patients.Domain.Patient;

namespace Infirmary.Patients.Features;

/// <summary>The answer to a transaction: the response bundle, or an OperationOutcome and nothing stored.</summary>
public sealed record TransactionResult(int Status, Bundle? Response, OperationOutcome? Outcome, int Stored)
{
    public bool Succeeded => Response is not null;
}

/// <summary>
/// FHIR transaction bundles (ADR 0045): every entry is checked, ids assigned, <c>urn:uuid:</c> full URLs and
/// conditional references resolved and rewritten, then everything is written in one database transaction — or,
/// when any entry is invalid, nothing is, and the OperationOutcome names the entry. Patients become patient records
/// (with a hospital number issued here); every other type goes to the generic resource store, kept as given.
/// </summary>
public sealed class FhirTransaction(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock, HospitalNumbers numbers)
{
    private const int MaxIdentifier = 200;

    private sealed class Planned(int index, string type, JsonObject resource)
    {
        public int Index { get; } = index;

        public string Type { get; } = type;

        public JsonObject Resource { get; } = resource;

        public Guid Id { get; set; } = Guid.NewGuid();

        /// <summary>A conditional create that matched an existing resource: nothing is written for this entry.</summary>
        public bool Existing { get; set; }

        public FhirPatient? Patient { get; set; }

        public List<(string System, string Value)> Identifiers { get; } = [];
    }

    private sealed class Rejected(int status, OperationOutcome.IssueType code, string message) : Exception(message)
    {
        public int Status { get; } = status;

        public OperationOutcome.IssueType Code { get; } = code;
    }

    public async Task<TransactionResult> ProcessAsync(string body, CancellationToken ct)
    {
        try
        {
            return await ProcessCoreAsync(body, ct);
        }
        catch (Rejected r)
        {
            db.ChangeTracker.Clear();
            return new TransactionResult(r.Status, null, OperationOutcomes.Error(r.Code, r.Message), 0);
        }
    }

    private static Rejected Invalid(int index, string message) =>
        new(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, $"Bundle.entry[{index}]: {message}");

    private async Task<TransactionResult> ProcessCoreAsync(string body, CancellationToken ct)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw new Rejected(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, $"Malformed JSON: {e.Message}");
        }

        if (root is not JsonObject bundle || Text(bundle["resourceType"]) != "Bundle")
        {
            throw new Rejected(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, "Expected a FHIR Bundle.");
        }

        var type = Text(bundle["type"]);
        if (type == "batch")
        {
            return await BatchAsync(bundle, ct);
        }

        if (type != "transaction")
        {
            throw new Rejected(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported,
                $"Bundle.type: only 'transaction' and 'batch' bundles are accepted here (got '{type ?? "none"}').");
        }

        var entries = bundle["entry"] as JsonArray ?? [];
        var plan = Plan(entries);
        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (p, fullUrl) in plan)
        {
            if (fullUrl is not null && !references.TryAdd(fullUrl, $"{p.Type}/{p.Id}"))
            {
                throw Invalid(p.Index, $"fullUrl {fullUrl} is used by an earlier entry.");
            }
        }

        var planned = plan.Select(x => x.Entry).ToList();
        await ConditionalCreatesAsync(entries, planned, references, ct);
        var conditional = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in planned.Where(p => !p.Existing))
        {
            await RewriteReferencesAsync(p, p.Resource, references, conditional, planned, ct);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var actor = actors.Current;
        var newPatients = new Dictionary<Guid, (PatientDetails Details, Planned Entry)>();
        foreach (var p in planned.Where(p => !p.Existing && p.Type == "Patient"))
        {
            newPatients[p.Id] = (await PatientFromEntryAsync(p, ct), p);
        }

        var stored = new List<(Planned Entry, StoredResource Resource)>();
        var knownPatients = new HashSet<Guid>();
        foreach (var p in planned.Where(p => !p.Existing && p.Type != "Patient"))
        {
            var patientId = await PatientOfAsync(p, newPatients, knownPatients, ct);
            StampMeta(p.Resource, p.Id, 1, now);
            stored.Add((p, new StoredResource
            {
                Id = p.Id,
                ResourceType = p.Type,
                PatientId = patientId,
                Json = p.Resource.ToJsonString(),
                CreatedAt = now,
                UpdatedAt = now,
            }));
        }

        var bundleId = Guid.NewGuid();
        // Numbers are issued as one block before the write (ADR 0070); a bundle refused after this leaves a gap.
        IReadOnlyList<string> issued = newPatients.Count == 0 ? [] : await numbers.IssueAsync(newPatients.Count, ct);
        var n = 0;
        foreach (var (patientId, (details, entry)) in newPatients)
        {
            var patient = RegisterPatient.Stage(db, details, issued[n++], actor.Id, now, patientId);
            patient.DateOfDeath = PatientImport.DateOfDeath(entry.Patient!);
            foreach (var id in OtherIdentifiers(entry.Patient!))
            {
                db.Set<PatientIdentifier>().Add(new PatientIdentifier { PatientId = patient.Id, System = id.System, Value = id.Value, TypeText = id.TypeText });
            }
        }

        foreach (var (entry, resource) in stored)
        {
            db.Set<StoredResource>().Add(resource);
            db.Set<StoredResourceVersion>().Add(new StoredResourceVersion
            {
                ResourceId = resource.Id, Version = 1, RecordedAt = now, RecordedBy = actor.Id, Json = resource.Json,
            });
            foreach (var (system, value) in entry.Identifiers.Distinct())
            {
                db.Set<StoredResourceIdentifier>().Add(new StoredResourceIdentifier
                {
                    ResourceId = resource.Id, ResourceType = resource.ResourceType, System = system, Value = value,
                });
            }
        }

        AuditBundle(bundleId, newPatients.Keys, stored.Select(s => s.Resource).ToList());
        try
        {
            // One SaveChanges: one database transaction, all or nothing.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new Rejected(StatusCodes.Status409Conflict, OperationOutcome.IssueType.Conflict,
                "Another request stored a patient with one of these identifiers at the same moment; nothing was stored. Send the bundle again.");
        }

        db.ChangeTracker.Clear();
        return new TransactionResult(StatusCodes.Status200OK, Respond(planned, now), null, newPatients.Count + stored.Count);
    }

    /// <summary>
    /// A batch (ADR 0073): each entry is processed on its own, exactly as a transaction of that one entry (same checks,
    /// same writes, its own database transaction), so one bad entry does not stop the others. Entries of a batch may not
    /// refer to each other (FHIR forbids it), so a <c>urn:uuid:</c> naming another entry is that entry's error. The
    /// answer is a <c>batch-response</c> with, per entry, its status and location or its OperationOutcome.
    /// </summary>
    private async Task<TransactionResult> BatchAsync(JsonObject bundle, CancellationToken ct)
    {
        var entries = bundle["entry"] as JsonArray ?? [];
        var response = new Bundle { Id = Guid.NewGuid().ToString(), Type = Bundle.BundleType.BatchResponse, Timestamp = clock.GetUtcNow() };
        var stored = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var single = new JsonObject
            {
                ["resourceType"] = "Bundle",
                ["type"] = "transaction",
                ["entry"] = new JsonArray(entries[i]?.DeepClone()),
            };
            TransactionResult result;
            try
            {
                result = await ProcessCoreAsync(single.ToJsonString(), ct);
            }
            catch (Rejected r)
            {
                db.ChangeTracker.Clear();
                result = new TransactionResult(r.Status, null, OperationOutcomes.Error(r.Code, r.Message), 0);
            }

            if (result.Succeeded)
            {
                response.Entry.Add(result.Response!.Entry[0]);
                stored += result.Stored;
                continue;
            }

            // The single-entry transaction names its entry 0; the batch names it by its own position.
            foreach (var issue in result.Outcome!.Issue)
            {
                issue.Diagnostics = issue.Diagnostics?.Replace("Bundle.entry[0]", $"Bundle.entry[{i}]", StringComparison.Ordinal);
                issue.Expression = [$"Bundle.entry[{i}]"];
            }

            response.Entry.Add(new Bundle.EntryComponent
            {
                Response = new Bundle.ResponseComponent
                {
                    Status = $"{result.Status} {ReasonPhrases.GetReasonPhrase(result.Status)}",
                    Outcome = result.Outcome,
                },
            });
        }

        return new TransactionResult(StatusCodes.Status200OK, response, null, stored);
    }

    private static List<(Planned Entry, string? FullUrl)> Plan(JsonArray entries)
    {
        var plan = new List<(Planned, string?)>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is not JsonObject entry || entry["resource"] is not JsonObject resource)
            {
                throw Invalid(i, "each entry needs a resource.");
            }

            var type = Text(resource["resourceType"]);
            if (type is null || !ModelInfo.IsKnownResource(type))
            {
                throw Invalid(i, $"'{type}' is not a FHIR R4 resource type.");
            }

            var request = entry["request"] as JsonObject;
            var method = Text(request?["method"]);
            if (method != "POST")
            {
                throw new Rejected(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported,
                    $"Bundle.entry[{i}]: request.method '{method ?? "none"}' is not supported in a transaction here; only POST (create, optionally with ifNoneExist).");
            }

            if (Text(request!["url"])?.Split('?')[0].TrimEnd('/') is not { } url || url != type)
            {
                throw Invalid(i, $"request.url must be the resource type {type} for a POST.");
            }

            var parsed = FhirJson.Parse(resource.ToJsonString());
            if (!parsed.Succeeded)
            {
                throw Invalid(i, $"{type} is not valid: {string.Join("; ", parsed.Errors)}");
            }

            var p = new Planned(i, type, resource) { Patient = parsed.Resource as FhirPatient };
            if (resource["identifier"] is JsonArray ids)
            {
                foreach (var id in ids.OfType<JsonObject>())
                {
                    if (Text(id["system"]) is { Length: > 0 and <= MaxIdentifier } s && Text(id["value"]) is { Length: > 0 and <= MaxIdentifier } v)
                    {
                        p.Identifiers.Add((s, v));
                    }
                }
            }

            plan.Add((p, Text(entry["fullUrl"])));
        }

        return plan;
    }

    private async System.Threading.Tasks.Task ConditionalCreatesAsync(JsonArray entries, List<Planned> planned, Dictionary<string, string> references, CancellationToken ct)
    {
        foreach (var p in planned)
        {
            var ifNoneExist = Text((entries[p.Index]!["request"] as JsonObject)?["ifNoneExist"]);
            if (string.IsNullOrWhiteSpace(ifNoneExist))
            {
                continue;
            }

            var matches = await FindByIdentifierAsync(p.Index, p.Type, ifNoneExist, ct);
            if (matches.Count > 1)
            {
                throw new Rejected(StatusCodes.Status412PreconditionFailed, OperationOutcome.IssueType.MultipleMatches,
                    $"Bundle.entry[{p.Index}]: ifNoneExist matched {matches.Count} existing {p.Type} resources.");
            }

            if (matches.Count == 1)
            {
                p.Existing = true;
                p.Id = matches[0];
                var fullUrl = Text(entries[p.Index]!["fullUrl"]);
                if (fullUrl is not null)
                {
                    references[fullUrl] = $"{p.Type}/{p.Id}";
                }
            }
        }
    }

    /// <summary>Finds stored resources (or patients) by <c>identifier=system|value</c>, the one criterion supported.</summary>
    private async Task<List<Guid>> FindByIdentifierAsync(int index, string type, string criteria, CancellationToken ct)
    {
        var (system, value) = ParseIdentifierCriteria(index, criteria);
        if (type == "Patient")
        {
            var found = new HashSet<Guid>();
            if (system == KnownIdentifierSystems.NhsNumber || system is null)
            {
                if (NhsNumber.Normalise(value) is { } nhs)
                {
                    found.UnionWith(await db.Set<Patient>().AsNoTracking().Where(x => x.NhsNumber == nhs).Select(x => x.Id).ToListAsync(ct));
                }
            }

            found.UnionWith(await db.Set<PatientIdentifier>().AsNoTracking()
                .Where(x => x.Value == value && (system == null || x.System == system)).Select(x => x.PatientId).ToListAsync(ct));
            return found.ToList();
        }

        return await db.Set<StoredResourceIdentifier>().AsNoTracking()
            .Where(x => x.ResourceType == type && x.Value == value && (system == null || x.System == system))
            .Select(x => x.ResourceId).Distinct().ToListAsync(ct);
    }

    private static (string? System, string Value) ParseIdentifierCriteria(int index, string criteria)
    {
        var query = QueryHelpers.ParseQuery(criteria.StartsWith('?') ? criteria : "?" + criteria);
        if (query.Count != 1 || !query.TryGetValue("identifier", out var raw) || raw.Count != 1 || string.IsNullOrWhiteSpace(raw[0]))
        {
            throw new Rejected(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported,
                $"Bundle.entry[{index}]: conditional criteria '{criteria}' — only identifier=system|value is supported.");
        }

        var token = raw[0]!;
        var bar = token.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (null, token) : (bar == 0 ? null : token[..bar], token[(bar + 1)..]);
    }

    private async System.Threading.Tasks.Task RewriteReferencesAsync(Planned p, JsonNode node, Dictionary<string, string> references,
        Dictionary<string, string> conditional, List<Planned> planned, CancellationToken ct)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    if (key == "reference" && child is JsonValue v && v.TryGetValue<string>(out var reference))
                    {
                        o["reference"] = await ResolveAsync(p, reference, references, conditional, planned, ct);
                    }
                    else if (child is not null)
                    {
                        await RewriteReferencesAsync(p, child, references, conditional, planned, ct);
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a.ToList())
                {
                    if (child is not null)
                    {
                        await RewriteReferencesAsync(p, child, references, conditional, planned, ct);
                    }
                }

                break;
        }
    }

    private async Task<string> ResolveAsync(Planned p, string reference, Dictionary<string, string> references,
        Dictionary<string, string> conditional, List<Planned> planned, CancellationToken ct)
    {
        if (references.TryGetValue(reference, out var local))
        {
            return local;
        }

        if (reference.StartsWith("urn:uuid:", StringComparison.Ordinal) || reference.StartsWith("urn:oid:", StringComparison.Ordinal))
        {
            throw Invalid(p.Index, $"reference {reference} names no entry in this bundle.");
        }

        var q = reference.IndexOf('?', StringComparison.Ordinal);
        if (q < 0)
        {
            return reference;
        }

        if (conditional.TryGetValue(reference, out var cached))
        {
            return cached;
        }

        var type = reference[..q];
        if (!ModelInfo.IsKnownResource(type))
        {
            throw Invalid(p.Index, $"conditional reference {reference} does not start with a resource type.");
        }

        var (system, value) = ParseIdentifierCriteria(p.Index, reference[(q + 1)..]);
        var matches = planned.Where(x => x.Type == type && x.Identifiers.Any(i => i.Value == value && (system is null || i.System == system)))
            .Select(x => x.Id).ToHashSet();
        if (type == "Patient")
        {
            foreach (var x in planned.Where(x => x.Type == "Patient" && x.Patient is not null && system == KnownIdentifierSystems.NhsNumber
                && x.Patient.Identifier.Any(i => i.System == system && NhsNumber.Normalise(i.Value) == NhsNumber.Normalise(value))))
            {
                matches.Add(x.Id);
            }
        }

        matches.UnionWith(await FindByIdentifierAsync(p.Index, type, reference[(q + 1)..], ct));
        if (matches.Count != 1)
        {
            throw new Rejected(matches.Count == 0 ? StatusCodes.Status404NotFound : StatusCodes.Status412PreconditionFailed,
                matches.Count == 0 ? OperationOutcome.IssueType.NotFound : OperationOutcome.IssueType.MultipleMatches,
                $"Bundle.entry[{p.Index}]: conditional reference {reference} matched {matches.Count} resources; it must match exactly one.");
        }

        return conditional[reference] = $"{type}/{matches.Single()}";
    }

    private async Task<PatientDetails> PatientFromEntryAsync(Planned p, CancellationToken ct)
    {
        var (details, problems) = PatientFhirMapper.FromFhir(p.Patient!);
        PatientImport.AdaptForeignAddress(p.Patient!, details);
        problems.AddRange(details.Validate(UkFormat.TodayInLondon(clock))
            .SelectMany(e => e.Value.Select(m => $"{PatientFhirMapper.ElementFor(e.Key)}: {m}")));
        if (problems.Count > 0)
        {
            throw Invalid(p.Index, string.Join(" ", problems));
        }

        var nhs = NhsNumber.Normalise(details.NhsNumber);
        if (nhs is not null && await db.Set<Patient>().AsNoTracking().AnyAsync(x => x.NhsNumber == nhs, ct))
        {
            throw new Rejected(StatusCodes.Status409Conflict, OperationOutcome.IssueType.Duplicate,
                $"Bundle.entry[{p.Index}]: a patient with NHS number {nhs} is already registered; use ifNoneExist to refer to it.");
        }

        foreach (var id in OtherIdentifiers(p.Patient!))
        {
            if (await db.Set<PatientIdentifier>().AsNoTracking().AnyAsync(x => x.System == id.System && x.Value == id.Value, ct))
            {
                throw new Rejected(StatusCodes.Status409Conflict, OperationOutcome.IssueType.Duplicate,
                    $"Bundle.entry[{p.Index}]: identifier {id.System}|{id.Value} already belongs to a registered patient; use ifNoneExist to refer to it.");
            }
        }

        return details;
    }

    private static IEnumerable<(string System, string Value, string? TypeText)> OtherIdentifiers(FhirPatient patient) =>
        patient.Identifier
            .Where(i => i.System != KnownIdentifierSystems.NhsNumber && i.System != PatientIdentifiers.HospitalNumberSystem
                && i.System is { Length: > 0 and <= 200 } && i.Value is { Length: > 0 and <= 100 })
            .Select(i => (i.System!, i.Value!, i.Type?.Text is { Length: <= 100 } t ? t : null))
            .DistinctBy(i => (i.Item1, i.Item2));

    /// <summary>The patient a resource is about (its top-level <c>subject</c> or <c>patient</c>), which must exist.</summary>
    private async Task<Guid?> PatientOfAsync(Planned p, Dictionary<Guid, (PatientDetails, Planned)> newPatients, HashSet<Guid> known, CancellationToken ct)
    {
        if (StoredResourceJson.PatientReference(p.Resource) is not { } reference)
        {
            return null;
        }

        if (!Guid.TryParse(reference, out var id))
        {
            throw Invalid(p.Index, $"Patient/{reference} is not a patient known here.");
        }

        if (newPatients.ContainsKey(id) || known.Contains(id))
        {
            return id;
        }

        if (!await db.Set<Patient>().AsNoTracking().AnyAsync(x => x.Id == id, ct))
        {
            throw Invalid(p.Index, $"Patient/{reference} is not a patient known here.");
        }

        known.Add(id);
        return id;
    }

    private static void StampMeta(JsonObject resource, Guid id, int version, DateTime at)
    {
        resource["id"] = id.ToString();
        var meta = resource["meta"] as JsonObject ?? [];
        meta["versionId"] = version.ToString(CultureInfo.InvariantCulture);
        meta["lastUpdated"] = at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        resource["meta"] = meta;
    }

    /// <summary>One event for the bundle, and one per patient whose record it created or added to.</summary>
    private void AuditBundle(Guid bundleId, IEnumerable<Guid> created, List<StoredResource> stored)
    {
        var createdSet = created.ToHashSet();
        audit.Add(AuditAction.Create, $"Bundle/{bundleId}", null, AuditOutcome.Success,
            $"transaction: {createdSet.Count} Patient, {Counts(stored)}");
        foreach (var patient in createdSet.Union(stored.Where(s => s.PatientId is not null).Select(s => s.PatientId!.Value)))
        {
            var mine = stored.Where(s => s.PatientId == patient).ToList();
            audit.Add(createdSet.Contains(patient) ? AuditAction.Create : AuditAction.Update, $"Patient/{patient}", patient, AuditOutcome.Success,
                $"transaction Bundle/{bundleId}{(createdSet.Contains(patient) ? ": patient registered" : string.Empty)}; added {Counts(mine)}");
        }
    }

    private static string Counts(IEnumerable<StoredResource> resources)
    {
        var counts = resources.GroupBy(r => r.ResourceType).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}").ToList();
        return counts.Count == 0 ? "no other resources" : string.Join(", ", counts);
    }

    private static Bundle Respond(List<Planned> planned, DateTime now)
    {
        var response = new Bundle { Id = Guid.NewGuid().ToString(), Type = Bundle.BundleType.TransactionResponse, Timestamp = now };
        foreach (var p in planned)
        {
            response.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{p.Type}/{p.Id}",
                Response = new Bundle.ResponseComponent
                {
                    Status = p.Existing ? "200 OK" : "201 Created",
                    Location = p.Existing ? $"{p.Type}/{p.Id}" : $"{p.Type}/{p.Id}/_history/1",
                    Etag = p.Existing ? null : "W/\"1\"",
                    LastModified = p.Existing ? null : new DateTimeOffset(now),
                },
            });
        }

        return response;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
