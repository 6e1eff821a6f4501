using System.Text.Json;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Data;

namespace Infirmary.Patients.Features;

internal static class PatientHistory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static PatientDetails Read(string snapshot) => JsonSerializer.Deserialize<PatientDetails>(snapshot, Json)!;

    /// <summary>Keeps the version just written, so no change to a record is ever lost.</summary>
    public static void Record(InfirmaryDbContext db, Patient p, string recordedBy, DateTime at) =>
        db.Set<PatientVersion>().Add(new PatientVersion
        {
            PatientId = p.Id,
            Version = p.Version,
            RecordedAt = at,
            RecordedBy = recordedBy,
            Snapshot = JsonSerializer.Serialize(p.ToDetails(), Json),
        });
}
