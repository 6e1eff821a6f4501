namespace Infirmary.Laboratory.Domain;

/// <summary>
/// The starting catalogue, shipped as data in the model (EF <c>HasData</c>): every database — fresh, demo or test —
/// has it from its migrations, so orders and analyser results can rely on it without a seeding step. LOINC codes are
/// real; ranges follow the UK Pathology Harmony adult ranges (children's bands are illustrative and marked so on the
/// catalogue page). A local laboratory changes them through a migration, which is the change control it needs anyway.
/// </summary>
public static class CatalogueSeed
{
    private const int Adult = 18 * 365;
    private const int Child = 365;

    public const string ChildRangesNotice =
        "Adult ranges follow Pathology Harmony. Children's ranges here are illustrative: confirm them with the local laboratory before use.";

    public static readonly IReadOnlyList<LabTest> Tests =
    [
        Numeric("HB", "Haemoglobin", "718-7", "g/L", "Blood", Containers.EdtaPurple, 4m, 4, 70m, 200m),
        Numeric("WBC", "White cell count", "6690-2", "10*9/L", "Blood", Containers.EdtaPurple, 4m, 4, 1.0m, 30m),
        Numeric("PLT", "Platelet count", "777-3", "10*9/L", "Blood", Containers.EdtaPurple, 4m, 4, 20m, 1000m),
        Numeric("NA", "Sodium", "2951-2", "mmol/L", "Serum", Containers.SstGold, 5m, 4, 120m, 160m),
        Numeric("K", "Potassium", "2823-3", "mmol/L", "Serum", Containers.SstGold, 5m, 4, 2.5m, 6.5m),
        Numeric("UREA", "Urea", "22664-7", "mmol/L", "Serum", Containers.SstGold, 5m, 4, null, 30m),
        Numeric("CREAT", "Creatinine", "14682-9", "umol/L", "Serum", Containers.SstGold, 5m, 4, null, 354m),
        Numeric("ALT", "Alanine aminotransferase", "1742-6", "U/L", "Serum", Containers.SstGold, 5m, 4, null, null),
        Numeric("ALP", "Alkaline phosphatase", "6768-6", "U/L", "Serum", Containers.SstGold, 5m, 4, null, null),
        Numeric("BILI", "Bilirubin (total)", "14631-6", "umol/L", "Serum", Containers.SstGold, 5m, 4, null, null),
        Numeric("ALB", "Albumin", "1751-7", "g/L", "Serum", Containers.SstGold, 5m, 4, null, null),
        Numeric("CRP", "C-reactive protein", "1988-5", "mg/L", "Serum", Containers.SstGold, 5m, 4, null, null),
        Numeric("HBA1C", "HbA1c (IFCC)", "59261-8", "mmol/mol", "Blood", Containers.EdtaPurple, 2m, 72, null, null),
        Numeric("INR", "Prothrombin time INR", "6301-6", "{INR}", "Plasma", Containers.CitrateBlue, 2.7m, 4, null, 8.0m),
        new LabTest
        {
            Code = "URCUL", Name = "Urine culture (MSU)", LoincCode = "630-4", Kind = ResultKinds.Text, Units = null,
            SpecimenType = "Urine (mid-stream)", Container = Containers.SterileUniversal, VolumeMl = 10m, TurnaroundHours = 72,
        },
    ];

    public static readonly IReadOnlyList<ReferenceRange> Ranges = Number(
    [
        ("HB", "Male", Adult, null, 130m, 180m),
        ("HB", "Female", Adult, null, 115m, 165m),
        ("HB", ReferenceRange.AnySex, Child, Adult, 110m, 150m),
        ("WBC", ReferenceRange.AnySex, Adult, null, 4.0m, 11.0m),
        ("WBC", ReferenceRange.AnySex, Child, Adult, 5.0m, 13.0m),
        ("PLT", ReferenceRange.AnySex, Child, null, 150m, 400m),
        ("NA", ReferenceRange.AnySex, 0, null, 133m, 146m),
        ("K", ReferenceRange.AnySex, Adult, null, 3.5m, 5.3m),
        ("K", ReferenceRange.AnySex, Child, Adult, 3.5m, 5.5m),
        ("UREA", ReferenceRange.AnySex, Adult, null, 2.5m, 7.8m),
        ("CREAT", "Male", Adult, null, 59m, 104m),
        ("CREAT", "Female", Adult, null, 45m, 84m),
        ("ALT", "Male", Adult, null, null, 41m),
        ("ALT", "Female", Adult, null, null, 33m),
        ("ALP", ReferenceRange.AnySex, Adult, null, 30m, 130m),
        ("BILI", ReferenceRange.AnySex, Adult, null, null, 21m),
        ("ALB", ReferenceRange.AnySex, Adult, null, 35m, 50m),
        ("CRP", ReferenceRange.AnySex, 0, null, null, 5m),
        ("HBA1C", ReferenceRange.AnySex, Adult, null, 20m, 41m),
        ("INR", ReferenceRange.AnySex, Adult, null, 0.8m, 1.2m),
    ]);

    public static readonly IReadOnlyList<LabPanel> Panels =
    [
        new() { Code = "FBC", Name = "Full blood count", LoincCode = "58410-2", TurnaroundHours = 4 },
        new() { Code = "UE", Name = "Urea and electrolytes (U&E)", LoincCode = "24362-6", TurnaroundHours = 4 },
        new() { Code = "LFT", Name = "Liver function tests", LoincCode = "24325-3", TurnaroundHours = 4 },
    ];

    public static readonly IReadOnlyList<LabPanelMember> Members =
    [
        .. Member("FBC", "HB", "WBC", "PLT"),
        .. Member("UE", "NA", "K", "UREA", "CREAT"),
        .. Member("LFT", "ALT", "ALP", "BILI", "ALB"),
    ];

    private static LabTest Numeric(string code, string name, string loinc, string units, string specimen, string container, decimal volume,
        int turnaround, decimal? criticalLow, decimal? criticalHigh) => new()
        {
            Code = code, Name = name, LoincCode = loinc, Kind = ResultKinds.Numeric, Units = units, SpecimenType = specimen,
            Container = container, VolumeMl = volume, TurnaroundHours = turnaround, CriticalLow = criticalLow, CriticalHigh = criticalHigh,
        };

    private static ReferenceRange[] Number((string Test, string Sex, int From, int? To, decimal? Low, decimal? High)[] rows) =>
        [.. rows.Select((r, i) => new ReferenceRange
        {
            Id = i + 1, TestCode = r.Test, Sex = r.Sex, AgeFromDays = r.From, AgeToDays = r.To, Low = r.Low, High = r.High,
        })];

    private static IEnumerable<LabPanelMember> Member(string panel, params string[] tests) =>
        tests.Select((t, i) => new LabPanelMember { PanelCode = panel, TestCode = t, Position = i + 1 });
}
