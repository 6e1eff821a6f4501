using Infirmary.Laboratory.Data;
using Infirmary.Laboratory.Features;
using Infirmary.Laboratory.Interface;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Infirmary.Laboratory;

public static class LaboratoryModule
{
    public static IHostApplicationBuilder AddLaboratoryModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IModelContributor, LaboratoryModel>();
        builder.Services.AddOptions<Hl7InterfaceOptions>().BindConfiguration(Hl7InterfaceOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => System.Net.IPAddress.TryParse(o.MllpBindAddress, out _), "Infirmary:Hl7:MllpBindAddress must be an IP address.")
            .ValidateOnStart();
        builder.Services.AddScoped<ReceiveHl7Message>();
        builder.Services.AddScoped<InterfaceLog>();
        builder.Services.AddScoped<Catalogue>();
        builder.Services.AddScoped<PlaceOrder>();
        builder.Services.AddScoped<ReadOrders>();
        builder.Services.AddScoped<SpecimenActions>();
        builder.Services.AddScoped<SpecimenPrinting>();
        builder.Services.AddScoped<CriticalResults>();
        builder.Services.AddScoped<ReportPrinting>();
        builder.Services.AddScoped<RejectionNotices>();
        builder.Services.AddScoped<LabOperations>();
        builder.Services.AddScoped<LabLogs>();
        builder.Services.AddScoped<FileResults>();
        builder.Services.AddScoped<ApplyAdt>();
        builder.Services.AddScoped<ResultValidation>();
        builder.Services.AddScoped<ReadReports>();
        builder.Services.AddScoped<IPatientCompartmentSource, LaboratoryCompartment>();
        builder.Services.AddSingleton(LaboratoryFhir.DiagnosticReportCapability);
        builder.Services.AddSingleton(LaboratoryFhir.ObservationCapability);
        builder.Services.AddSingleton(LaboratoryFhir.SpecimenCapability);
        builder.Services.AddSingleton(LaboratoryFhir.ServiceRequestCapability);
        builder.Services.AddFhirInstanceSource<LabObservationSource>("Observation");
        builder.Services.AddFhirInstanceSource<LabServiceRequestSource>("ServiceRequest");
        // Registered before the listener so that it stops after it: messages the listener took are stored and answered.
        builder.Services.AddSingleton<ResultGroupCommit>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ResultGroupCommit>());
        builder.Services.AddSingleton<MllpListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MllpListener>());
        return builder;
    }

    public static IEndpointRouteBuilder MapLaboratoryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHl7Api();
        app.MapLaboratoryApi();
        app.MapLaboratoryOperationsApi();
        app.MapLaboratoryFhir();
        return app;
    }
}
