using Infirmary.Platform.Fhir;
using Infirmary.Platform.Http;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Infirmary.Pharmacy.Features;

/// <summary>REST: <c>/api/v1/formulary</c>. CDS Hooks 1.0: <c>/cds-services</c>.</summary>
public static class PharmacyApi
{
    public static IEndpointRouteBuilder MapPharmacyApi(this IEndpointRouteBuilder app)
    {
        var formulary = app.MapGroup($"{KnownRoutes.Api}/formulary").WithTags("Pharmacy");
        formulary.MapGet("/", Search).RequirePermission(Permissions.FormularyRead)
            .WithSummary("Find formulary products (VMPs with their VTM and brands) by name or BNF class");

        var cds = app.MapGroup(KnownRoutes.CdsServices).WithTags("CDS Hooks");
        cds.MapGet("/", () => TypedResults.Ok(new CdsDiscovery(CdsHooks.Services))).RequirePermission(Permissions.MedicinesScreen)
            .WithSummary("CDS Hooks discovery: the medicines screening services");
        cds.MapPost("/{id}", Call).RequirePermission(Permissions.MedicinesScreen)
            .WithSummary("Call a CDS Hooks service: screen context.draftOrders; answers {cards}")
            .Accepts<object>("application/json");
        return app;
    }

    public sealed record SearchParameters(string? Name, string? Class, int? Limit);

    private static async Task<Results<Ok<IReadOnlyList<FormularyEntry>>, ValidationProblem>> Search(
        [AsParameters] SearchParameters p, SearchFormulary handler, HttpContext http, CancellationToken ct)
    {
        var result = await handler.HandleAsync(p.Name, p.Class, p.Limit ?? 50, ct);
        if (result.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(result.Errors, title: "The formulary search needs correcting");
        }

        if (result.Truncated)
        {
            http.Response.Headers["X-Truncated"] = "true";
        }

        return TypedResults.Ok(result.Products);
    }

    private static async Task<Results<Ok<CdsResponse>, ProblemHttpResult>> Call(
        string id, HttpRequest request, CdsHooks hooks, CancellationToken ct)
    {
        if (CdsHooks.Find(id) is not { } service)
        {
            return Problem(StatusCodes.Status404NotFound, "Unknown CDS service",
                $"No CDS service '{id}'. Services: {string.Join(", ", CdsHooks.Services.Select(s => s.Id))} (see GET {KnownRoutes.CdsServices}).");
        }

        if (request.ContentType is null || !MediaTypeHeaderValue.TryParse(request.ContentType, out var mt) ||
            !mt.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Send the hook request as application/json; got '{request.ContentType ?? "none"}'.");
        }

        // Read as UTF-8 bytes into a buffer the size of the body, not a fixed buffer of the maximum size: a 2 MiB
        // array per call lands on the large object heap and forced a full garbage collection every few calls.
        if (await RequestBodies.ReadLimitedAsync(request.HttpContext, CdsHooks.MaxBodyBytes, ct) is not { } body)
        {
            return TooLarge();
        }

        var (call, errors) = hooks.Read(service, body);
        if (call is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "The hook request is not valid", string.Join(" ", errors), errors);
        }

        var cards = await hooks.HandleAsync(service, call, ct);
        return TypedResults.Ok(new CdsResponse(cards));
    }

    private static ProblemHttpResult TooLarge() => Problem(StatusCodes.Status413PayloadTooLarge, "Request too large",
        $"The body is larger than {CdsHooks.MaxBodyBytes / 1024} KiB.");

    private static ProblemHttpResult Problem(int status, string title, string detail, IReadOnlyList<string>? errors = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        return TypedResults.Problem(problem);
    }
}
