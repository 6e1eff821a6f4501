using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Scheduling.Data;
using Infirmary.Scheduling.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Infirmary.Scheduling;

/// <summary>Scheduling and reception: clinics from templates, slots, safe booking, arrivals and patient transport.</summary>
public static class SchedulingModule
{
    public static IHostApplicationBuilder AddSchedulingModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IModelContributor, SchedulingModel>();
        builder.Services.AddSingleton(SchedulingFhir.ScheduleCapability);
        builder.Services.AddSingleton(SchedulingFhir.SlotCapability);
        builder.Services.AddSingleton(SchedulingFhir.AppointmentCapability);
        builder.Services.AddSingleton(SchedulingRequestsFhir.ServiceRequestCapability);
        builder.Services.AddFhirInstanceSource<SchedulingServiceRequestSource>("ServiceRequest");
        builder.Services.AddSingleton(SchedulingRequestsFhir.CommunicationCapability);
        builder.Services.AddScoped<ClinicSetup>();
        builder.Services.AddScoped<ClinicQueries>();
        builder.Services.AddScoped<GenerateSlots>();
        builder.Services.AddScoped<CancelSession>();
        builder.Services.AddScoped<Availability>();
        builder.Services.AddScoped<BookAppointment>();
        builder.Services.AddOptions<BookingCommitOptions>().BindConfiguration(BookingCommitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<BookingGroupCommit>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BookingGroupCommit>());
        builder.Services.AddScoped<CancelAppointment>();
        builder.Services.AddScoped<GetAppointment>();
        builder.Services.AddScoped<IPatientCompartmentSource, SchedulingCompartment>();
        builder.Services.AddScoped<SearchSlots>();
        builder.Services.AddScoped<RebookAppointment>();
        builder.Services.AddScoped<Reception>();
        builder.Services.AddScoped<CalendarQueries>();
        builder.Services.AddScoped<ClinicPrints>();
        builder.Services.AddScoped<SchedulingDemoData>();
        builder.Services.AddScoped<PatientTransport>();
        builder.Services.AddScoped<WaitingList>();
        builder.Services.AddOptions<NotifyOptions>().BindConfiguration(NotifyOptions.Section);
        builder.Services.AddScoped<ReminderOutbox>();
        builder.Services.AddScoped<EnquiryLog>();
        builder.Services.AddScoped<ReminderDispatcher>();
        builder.Services.AddHostedService<ReminderService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSchedulingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapSchedulingApi();
        app.MapSchedulingFhir();
        app.MapSchedulingRequestsFhir();
        return app;
    }
}
