using Infirmary.Medicines;
using Infirmary.Pharmacy.Data;
using Infirmary.Pharmacy.Features;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Infirmary.Pharmacy;

public static class PharmacyModule
{
    public static IHostApplicationBuilder AddPharmacyModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IModelContributor, PharmacyModel>();
        // The knowledge base is immutable shipped data; the engine is rebuilt from the formulary when it changes.
        builder.Services.AddSingleton(_ => KnowledgeBase.LoadEmbedded());
        builder.Services.AddSingleton<FormularyEngine>();
        builder.Services.AddScoped<ScreenMedicines>();
        builder.Services.AddScoped<SearchFormulary>();
        builder.Services.AddScoped<CdsHooks>();
        builder.Services.AddScoped<PharmacyDemoData>();
        builder.Services.AddScoped<Features.Formulary.ImportDmd>();
        builder.Services.AddScoped<StockLedger>();
        builder.Services.AddScoped<ReceiveStock>();
        builder.Services.AddScoped<MoveStock>();
        builder.Services.AddScoped<QuarantineStock>();
        builder.Services.AddScoped<PostStockTake>();
        builder.Services.AddScoped<StockOrdering>();
        builder.Services.AddScoped<AdverseReactions>();
        builder.Services.AddScoped<OtcSales>();
        builder.Services.AddScoped<Compoundings>();
        builder.Services.AddScoped<WardTopUp>();
        builder.Services.AddScoped<StockQueries>();
        builder.Services.AddScoped<PrescriptionScreening>();
        builder.Services.AddScoped<WritePrescription>();
        builder.Services.AddScoped<ClinicalCheck>();
        builder.Services.AddScoped<PrescriptionQueries>();
        builder.Services.AddSingleton(PrescriptionsFhir.Capability);
        builder.Services.AddScoped<CdRegister>();
        builder.Services.AddScoped<CdQueries>();
        builder.Services.AddScoped<DispenseItem>();
        builder.Services.AddScoped<AccuracyCheck>();
        builder.Services.AddScoped<DispensingLabel>();
        builder.Services.AddScoped<DispensingQueries>();
        builder.Services.AddScoped<IPatientCompartmentSource, PharmacyCompartment>();
        builder.Services.AddSingleton(DispensingApi.Capability);
        return builder;
    }

    public static IEndpointRouteBuilder MapPharmacyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPharmacyApi();
        app.MapPharmacyFhir();
        app.MapStockApi();
        app.MapStockControlApi();
        app.MapAdverseReactionsApi();
        app.MapOtcApi();
        app.MapCompoundingApi();
        app.MapWardTopUpApi();
        app.MapPrescriptionsApi();
        app.MapPrescriptionsFhir();
        app.MapAdverseReactionsFhir();
        app.MapDispensingApi();
        app.MapCdRegisterApi();
        return app;
    }
}
