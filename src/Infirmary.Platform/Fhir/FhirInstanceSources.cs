using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Platform.Fhir;

/// <summary>
/// One module's resources of one FHIR type, read by id at <c>/fhir/{Type}/{id}</c> (ADR 0137). Several modules serve
/// parts of one type — laboratory results and physics checks are both <c>Observation</c>s; laboratory requests,
/// referrals and transport requests are all <c>ServiceRequest</c>s — and a URL has one route, so the platform maps one
/// read per type and asks each module that has one. Ids are server-assigned Guids, so at most one module holds an id.
/// </summary>
public interface IFhirInstanceSource
{
    /// <summary>The FHIR resource type, e.g. <c>Observation</c>.</summary>
    string ResourceType { get; }

    /// <summary>The permission a caller needs to read this module's resources of the type.</summary>
    string Permission { get; }

    /// <summary>
    /// The resource, if this module holds one with the id and lets the caller see it (auditing the read as the module
    /// does for its own reads); otherwise null. Only called for a caller with <see cref="Permission"/>.
    /// </summary>
    Task<IResult?> ReadAsync(Guid id, CancellationToken ct);

    /// <summary>Whether this module holds a resource with the id, so a caller without the permission is told 403, not 404.</summary>
    Task<bool> HoldsAsync(Guid id, CancellationToken ct);
}

/// <summary>A type with at least one <see cref="IFhirInstanceSource"/>: the platform maps its read route.</summary>
public sealed record FhirInstanceType(string ResourceType);

public static class FhirInstanceSourceRegistration
{
    /// <summary>Registers <typeparamref name="TSource"/> (scoped) as a reader of <paramref name="resourceType"/> by id.</summary>
    public static IServiceCollection AddFhirInstanceSource<TSource>(this IServiceCollection services, string resourceType)
        where TSource : class, IFhirInstanceSource
    {
        services.AddScoped<IFhirInstanceSource, TSource>();
        services.AddSingleton(new FhirInstanceType(resourceType));
        return services;
    }
}
