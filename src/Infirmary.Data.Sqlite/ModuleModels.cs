using Infirmary.Laboratory.Data;
using Infirmary.Patients.Data;
using Infirmary.Pharmacy.Data;
using Infirmary.Physics.Data;
using Infirmary.Workforce.Data;
using Infirmary.Platform.Data;
using Infirmary.Scheduling.Data;

namespace Infirmary.Data;

/// <summary>
/// Every module's tables, for migrations of both providers (this file is linked into the PostgreSQL project too).
/// A module missing here is caught by the test that fails when the model has changes without a migration.
/// </summary>
internal static class ModuleModels
{
    public static readonly IModelContributor[] All = [new PatientsModel(), new RecordsModel(), new LaboratoryModel(), new PharmacyModel(), new PhysicsModel(), new WorkforceModel(), new SchedulingModel()];
}
