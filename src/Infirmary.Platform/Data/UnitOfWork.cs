using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Infirmary.Platform.Data;

/// <summary>
/// The unit of work's <see cref="InfirmaryDbContext"/>, created only when something uses it (ADR 0156). The context is
/// still one per scope (per request), whoever asks for it — a handler through dependency injection, or a service through
/// <see cref="Context"/> — and the scope disposes it. What this adds is knowing whether it exists: a request that never
/// needs the context (a patient search by NHS number or name) never constructs it, and the read audit asks
/// <see cref="Created"/> instead of constructing one to find it holds nothing.
/// </summary>
public sealed class UnitOfWork(IServiceProvider services)
{
    /// <summary>The scope's context, constructed at this first call if nothing has asked for it yet.</summary>
    public InfirmaryDbContext Context => Created ?? services.GetRequiredService<InfirmaryDbContext>();

    /// <summary>The scope's context if anything has asked for it, otherwise null (nothing is constructed).</summary>
    public InfirmaryDbContext? Created { get; private set; }

    /// <summary>
    /// Registers the context so every resolution in a scope goes through that scope's <see cref="UnitOfWork"/>:
    /// constructed once, remembered, and disposed by the scope as any scoped service.
    /// </summary>
    internal static void Register(IServiceCollection services)
    {
        services.AddScoped<UnitOfWork>();
        var descriptor = ServiceDescriptor.Scoped(sp =>
        {
            var unit = sp.GetRequiredService<UnitOfWork>();
            return unit.Created ??= new InfirmaryDbContext(
                sp.GetRequiredService<Microsoft.EntityFrameworkCore.DbContextOptions<InfirmaryDbContext>>(),
                sp.GetRequiredService<IEnumerable<IModelContributor>>());
        });
        services.Replace(descriptor);
    }
}
