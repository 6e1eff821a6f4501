using Infirmary.Platform.Data;
using Infirmary.Workforce.Data;
using Infirmary.Workforce.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Infirmary.Workforce;

/// <summary>Staff records, leave, and rotas built with the rostering engine, published, and swapped.</summary>
public static class WorkforceModule
{
    public static IHostApplicationBuilder AddWorkforceModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IModelContributor, WorkforceModel>();
        builder.Services.Configure<WorkforceOptions>(builder.Configuration.GetSection("Infirmary:Workforce"));
        builder.Services.AddScoped<Rotas>();
        builder.Services.AddScoped<RotaBuilds>();
        builder.Services.AddSingleton<RotaBuildQueue>();
        builder.Services.AddHostedService<RotaBuildRunner>();
        builder.Services.AddScoped<StaffSelfService>();
        builder.Services.AddScoped<StaffRecords>();
        builder.Services.AddScoped<WorkforceDemoData>();
        return builder;
    }

    public static IEndpointRouteBuilder MapWorkforceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapWorkforceApi();
        return app;
    }
}
