using System.Globalization;
using Hl7.Fhir.Model;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;
using AuditEvent = Hl7.Fhir.Model.AuditEvent;

namespace Infirmary.Web.Platform;

/// <summary>FHIR plumbing shared by all modules: CapabilityStatement, SMART discovery, AuditEvent.</summary>
public static class FhirPlatform
{
    public static void MapFhirPlatform(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{KnownRoutes.Fhir}/metadata", Metadata).AllowAnonymous().ExcludeFromDescription();
        app.MapGet($"{KnownRoutes.Fhir}/.well-known/smart-configuration", Smart).AllowAnonymous().ExcludeFromDescription();
        app.MapGet($"{KnownRoutes.Fhir}/AuditEvent", SearchAudit).RequirePermission(Permissions.AuditRead).ExcludeFromDescription();
        app.MapGet($"{KnownRoutes.Fhir}/AuditEvent/{{id}}", ReadAudit).RequirePermission(Permissions.AuditRead).ExcludeFromDescription();
        // Types several modules serve parts of: one read route each, asking every module (ADR 0137).
        foreach (var type in app.ServiceProvider.GetServices<FhirInstanceType>().Select(t => t.ResourceType).Distinct(StringComparer.Ordinal))
        {
            app.MapGet($"{KnownRoutes.Fhir}/{type}/{{id}}", (string id, HttpContext http, ActorAccessor actors, CancellationToken ct) =>
                ReadInstanceAsync(type, id, http, actors, ct)).ExcludeFromDescription();
        }

        // Anything else under /fhir is a resource type we do not serve: say so in FHIR's own terms.
        app.Map($"{KnownRoutes.Fhir}/{{**rest}}", (string rest) => FhirResults.Error(StatusCodes.Status404NotFound,
            OperationOutcome.IssueType.NotSupported, $"'{rest}' is not served by this FHIR server; see /fhir/metadata.")).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>
    /// A read by id of a type served by <see cref="IFhirInstanceSource"/>s: the first module that holds the id and lets the
    /// caller read it answers; a caller without the permission of the module that holds it gets 403; otherwise 404. The
    /// route itself needs a signed-in caller (the fallback policy); each module's permission is checked here.
    /// </summary>
    internal static async Task<IResult> ReadInstanceAsync(string type, string id, HttpContext http, ActorAccessor actors, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            return FhirResults.NotFound(type, id);
        }

        var actor = actors.Current;
        var forbidden = false;
        foreach (var source in http.RequestServices.GetServices<IFhirInstanceSource>())
        {
            if (source.ResourceType != type)
            {
                continue;
            }

            if (actor.Has(source.Permission))
            {
                if (await source.ReadAsync(guid, ct) is { } found)
                {
                    return found;
                }
            }
            else if (!forbidden && await source.HoldsAsync(guid, ct))
            {
                forbidden = true;
            }
        }

        return forbidden
            ? FhirResults.Forbidden($"{type}/{id} needs a permission you do not have.")
            : FhirResults.NotFound(type, id);
    }

    public static readonly FhirResourceCapability AuditEventCapability = new(
        "AuditEvent",
        ["read", "search-type"],
        [
            ("patient", "reference", "The patient whose record was touched (Patient/<id>)"),
            ("entity", "reference", "What was touched, e.g. Patient/<id>"),
            ("agent", "reference", "Who: a user id or client id"),
            ("date", "date", "When: ge/le/gt/lt/eq prefixes, YYYY-MM-DD or instant"),
        ]);

    /// <summary>
    /// One entry per resource type, as a CapabilityStatement must have: where two modules serve parts of one type (the
    /// laboratory creates ServiceRequests, Scheduling reads referrals and transport requests as ServiceRequests), their
    /// interactions and search parameters are joined.
    /// </summary>
    internal static IEnumerable<FhirResourceCapability> Merged(IEnumerable<FhirResourceCapability> capabilities) =>
        capabilities.GroupBy(c => c.Type, StringComparer.Ordinal).Select(g => g.Skip(1).Any()
            ? new FhirResourceCapability(
                g.Key,
                g.SelectMany(c => c.Interactions).Distinct(StringComparer.Ordinal).ToList(),
                g.SelectMany(c => c.SearchParameters).DistinctBy(p => p.Name, StringComparer.Ordinal).ToList(),
                g.Any(c => c.ConditionalCreate),
                g.Any(c => c.UpdateCreate),
                g.Select(c => c.Profile).FirstOrDefault(p => p is not null))
            : g.First());

    private static FhirResult Metadata(HttpContext http, IEnumerable<FhirResourceCapability> capabilities)
    {
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{KnownRoutes.Fhir}";
        var rest = new CapabilityStatement.RestComponent
        {
            Mode = CapabilityStatement.RestfulCapabilityMode.Server,
            Security = new CapabilityStatement.SecurityComponent
            {
                Cors = false,
                Service = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR")],
                Description = "OAuth 2.0 client credentials at /connect/token; see /fhir/.well-known/smart-configuration.",
            },
            // POST /fhir takes transaction and batch bundles (ADRs 0045 and 0073).
            Interaction =
            [
                new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Transaction },
                new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Batch },
            ],
        };
        foreach (var c in Merged(capabilities.Append(AuditEventCapability)).OrderBy(c => c.Type, StringComparer.Ordinal))
        {
            var resource = new CapabilityStatement.ResourceComponent
            {
                Type = c.Type,
                Profile = c.Profile,
                Versioning = CapabilityStatement.ResourceVersionPolicy.Versioned,
                ReadHistory = c.Interactions.Contains("vread"),
                UpdateCreate = c.UpdateCreate,
                ConditionalCreate = c.ConditionalCreate,
                ConditionalUpdate = false,
                Interaction = c.Interactions.Select(i => new CapabilityStatement.ResourceInteractionComponent
                {
                    Code = Enum.GetValues<CapabilityStatement.TypeRestfulInteraction>()
                        .First(v => Hl7.Fhir.Utility.EnumUtility.GetLiteral(v) == i),
                }).ToList(),
                SearchParam = c.SearchParameters.Select(p => new CapabilityStatement.SearchParamComponent
                {
                    Name = p.Name,
                    Type = Enum.GetValues<SearchParamType>().First(v => Hl7.Fhir.Utility.EnumUtility.GetLiteral(v) == p.Type),
                    Documentation = p.Documentation,
                }).ToList(),
            };
            rest.Resource.Add(resource);
        }

        var statement = new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Date = "2026-11-25",
            Publisher = "Infirmary",
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "Infirmary", Version = typeof(FhirPlatform).Assembly.GetName().Version?.ToString() },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "Infirmary FHIR R4 server", Url = baseUrl },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json", "json"],
            Rest = [rest],
        };
        return FhirResults.Ok(statement);
    }

    private static IResult Smart(HttpContext http)
    {
        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = origin + "/",
            ["token_endpoint"] = $"{origin}/connect/token",
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post" },
            ["grant_types_supported"] = new[] { "client_credentials" },
            ["scopes_supported"] = Permissions.ByScope.Keys.ToArray(),
            ["capabilities"] = new[] { "client-confidential-symmetric" },
            ["code_challenge_methods_supported"] = Array.Empty<string>(),
        });
    }

    private static async Task<IResult> ReadAudit(string id, InfirmaryDbContext db, AuditTrail audit, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var eventId))
        {
            return FhirResults.NotFound("AuditEvent", id);
        }

        var e = await db.AuditEvents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == eventId, ct);
        if (e is null)
        {
            return FhirResults.NotFound("AuditEvent", id);
        }

        await audit.RecordAsync(AuditAction.Read, $"AuditEvent/{id}", e.PatientId, AuditOutcome.Success, null, ct);
        return FhirResults.Ok(ToFhir(e));
    }

    private static async Task<IResult> SearchAudit(HttpContext http, InfirmaryDbContext db, AuditTrail audit, CancellationToken ct)
    {
        var q = db.AuditEvents.AsNoTracking();
        var problems = new List<string>();
        var count = 100;
        foreach (var (key, values) in http.Request.Query)
        {
            foreach (var value in values.OfType<string>())
            {
                switch (key)
                {
                    case "patient":
                        var pid = value.StartsWith("Patient/", StringComparison.Ordinal) ? value[8..] : value;
                        if (Guid.TryParse(pid, out var g))
                        {
                            q = q.Where(a => a.PatientId == g);
                        }
                        else
                        {
                            problems.Add("patient: give Patient/<id>.");
                        }

                        break;
                    case "entity":
                        q = q.Where(a => a.Entity == value);
                        break;
                    case "agent":
                        q = q.Where(a => a.AgentId == value);
                        break;
                    case "date":
                        if (!TryDate(value, out var op, out var at))
                        {
                            problems.Add("date: give [ge|gt|le|lt|eq]YYYY-MM-DD or an instant.");
                            break;
                        }

                        q = op switch
                        {
                            "ge" => q.Where(a => a.OccurredAt >= at),
                            "gt" => q.Where(a => a.OccurredAt > at),
                            "le" => q.Where(a => a.OccurredAt <= at.AddDays(value.Length <= 12 ? 1 : 0)),
                            "lt" => q.Where(a => a.OccurredAt < at),
                            _ => q.Where(a => a.OccurredAt >= at && a.OccurredAt < at.AddDays(1)),
                        };
                        break;
                    case "_count":
                        if (!int.TryParse(value, out count) || count is < 1 or > 1000)
                        {
                            problems.Add("_count: a number from 1 to 1000.");
                        }

                        break;
                    default:
                        problems.Add($"{key}: this search parameter is not supported for AuditEvent.");
                        break;
                }
            }
        }

        if (problems.Count > 0)
        {
            return FhirResults.Errors(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported, problems);
        }

        var rows = await q.OrderByDescending(a => a.OccurredAt).Take(count).ToListAsync(ct);
        await audit.RecordAsync(AuditAction.Search, "AuditEvent", null, AuditOutcome.Success, $"AuditEvent search {http.Request.QueryString}", ct);
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{KnownRoutes.Fhir}";
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = rows.Count, Id = Guid.NewGuid().ToString() };
        foreach (var e in rows)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/AuditEvent/{e.Id}",
                Resource = ToFhir(e),
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        return FhirResults.Ok(bundle);
    }

    private static bool TryDate(string value, out string op, out DateTime at)
    {
        op = value.Length > 2 && char.IsLetter(value[0]) ? value[..2] : "eq";
        var raw = op == "eq" && !char.IsLetter(value[0]) ? value : value[2..];
        var ok = DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto);
        at = dto.UtcDateTime;
        return ok && op is "eq" or "ge" or "gt" or "le" or "lt";
    }

    public static AuditEvent ToFhir(Infirmary.Platform.Audit.AuditEvent e)
    {
        var r = new AuditEvent
        {
            Id = e.Id.ToString(),
            Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"),
            Action = e.Action switch
            {
                AuditAction.Create => AuditEvent.AuditEventAction.C,
                AuditAction.Update => AuditEvent.AuditEventAction.U,
                AuditAction.Delete => AuditEvent.AuditEventAction.D,
                AuditAction.Read or AuditAction.Search => AuditEvent.AuditEventAction.R,
                _ => AuditEvent.AuditEventAction.E,
            },
            Subtype = [new Coding("https://infirmary.example/audit-action", e.Action)],
            Recorded = new DateTimeOffset(DateTime.SpecifyKind(e.OccurredAt, DateTimeKind.Utc)),
            Outcome = e.Outcome switch
            {
                AuditOutcome.Success => AuditEvent.AuditEventOutcome.N0,
                AuditOutcome.Denied => AuditEvent.AuditEventOutcome.N4,
                _ => AuditEvent.AuditEventOutcome.N8,
            },
            OutcomeDesc = e.Detail,
            Agent =
            [
                new AuditEvent.AgentComponent
                {
                    Who = new ResourceReference { Display = e.AgentName, Identifier = new Identifier("https://infirmary.example/agent", e.AgentId) },
                    Requestor = true,
                    Role = e.AgentRole is null ? [] : e.AgentRole.Split(',').Select(r => new CodeableConcept("https://infirmary.example/role", r)).ToList(),
                    Network = e.ClientAddress is null ? null : new AuditEvent.NetworkComponent { Address = e.ClientAddress, Type = AuditEvent.AuditEventAgentNetworkType.N2 },
                },
            ],
            Source = new AuditEvent.SourceComponent { Observer = new ResourceReference { Display = "Infirmary" } },
            Extension = [new Extension("https://infirmary.example/audit-hash", new FhirString(e.Hash))],
        };
        r.Entity.Add(new AuditEvent.EntityComponent { What = new ResourceReference { Reference = e.Entity.Contains('/') && !e.Entity.Contains(' ') ? e.Entity : null, Display = e.Entity } });
        if (e.PatientId is { } pid)
        {
            r.Entity.Add(new AuditEvent.EntityComponent
            {
                What = new ResourceReference($"Patient/{pid}"),
                Role = new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"),
            });
        }

        return r;
    }
}
