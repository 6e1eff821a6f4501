using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Laboratory.Features;

/// <summary>REST surface of the laboratory: <c>/api/v1/laboratory/...</c> (the analyser interface is in <see cref="Hl7Api"/>).</summary>
public static partial class LaboratoryApi
{
    public const string Root = $"{KnownRoutes.Api}/laboratory";

    public static IEndpointRouteBuilder MapLaboratoryApi(this IEndpointRouteBuilder app)
    {
        var catalogue = app.MapGroup($"{Root}/catalogue").WithTags("Laboratory");
        catalogue.MapGet("/", ReadCatalogue).RequirePermission(Permissions.LabCatalogueRead)
            .WithSummary("The test catalogue: panels and tests with LOINC codes, containers, units, ranges and critical limits");
        catalogue.MapGet("/tests/{code}", ReadTest).RequirePermission(Permissions.LabCatalogueRead)
            .WithSummary("One test of the catalogue by its laboratory code");
        MapOrders(app);
        MapResults(app);
        MapWork(app);
        return app;
    }

    static partial void MapOrders(IEndpointRouteBuilder app);

    static partial void MapResults(IEndpointRouteBuilder app);

    static partial void MapWork(IEndpointRouteBuilder app);

    private static async Task<Ok<CatalogueDto>> ReadCatalogue(Catalogue catalogue, CancellationToken ct) =>
        TypedResults.Ok(await catalogue.ReadAsync(ct));

    private static async Task<Results<Ok<TestDto>, ProblemHttpResult>> ReadTest(string code, Catalogue catalogue, CancellationToken ct) =>
        await catalogue.ReadTestAsync(code, ct) is { } test
            ? TypedResults.Ok(test)
            : TypedResults.Problem($"There is no test with code '{code}' in the catalogue.", statusCode: StatusCodes.Status404NotFound, title: "Unknown test");
}
