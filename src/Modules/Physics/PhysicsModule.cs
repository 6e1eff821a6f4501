using Infirmary.Physics.Data;
using Infirmary.Physics.Features;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Infirmary.Physics;

/// <summary>Medical physics records: TG-51 output calibrations and independent MU checks, each with a second physicist's check.</summary>
public static class PhysicsModule
{
    public static IHostApplicationBuilder AddPhysicsModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IModelContributor, PhysicsModel>();
        builder.Services.AddScoped<RecordCalibration>();
        builder.Services.AddScoped<SecondCheck>();
        builder.Services.AddScoped<ListCalibrations>();
        builder.Services.AddScoped<RecordMuCheck>();
        builder.Services.AddScoped<GetMuCheck>();
        builder.Services.AddScoped<MachineRegistry>();
        builder.Services.AddScoped<LinacQaService>();
        builder.Services.AddScoped<GammaQa>();
        builder.Services.AddScoped<Infirmary.Platform.Fhir.IPatientCompartmentSource, PhysicsCompartment>();
        builder.Services.AddSingleton(PhysicsObservationSource.Capability);
        builder.Services.AddFhirInstanceSource<PhysicsObservationSource>("Observation");
        return builder;
    }

    public static IEndpointRouteBuilder MapPhysicsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPhysicsApi();
        app.MapPhysicsRecordsApi();
        return app;
    }
}
