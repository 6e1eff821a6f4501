using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Infirmary.Medicines.Benchmarks;

/// <summary>
/// Screening a 20-medicine list (15 current, 5 draft, with allergies, foods, doses and renal data) against the
/// full knowledge base. Small job: the machine is shared, so few iterations; P95/P100 are of iteration means.
/// The per-call p99 comes from <see cref="LatencyRun"/> (--latency).
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class ScreeningBenchmarks
{
    private MedicinesEngine engine = null!;
    private ScreeningRequest byCode = null!;
    private ScreeningRequest byText = null!;

    [GlobalSetup]
    public void Setup()
    {
        engine = new MedicinesEngine(KnowledgeBase.LoadEmbedded(), SampleFormulary.Load());
        (byCode, byText) = Requests.TwentyMedicines();
    }

    [Benchmark(Baseline = true)]
    public int Screen20Coded() => engine.Screen(byCode).Count;

    [Benchmark]
    public int Screen20Text() => engine.Screen(byText).Count;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15).WithId("small"));
            AddColumn(StatisticColumn.P95, StatisticColumn.P100);
        }
    }
}

internal static class Requests
{
    // A plausible older inpatient: fifteen regular medicines plus five new orders, several interacting.
    private static readonly string[] Current =
    [
        "Warfarin 5mg tablets", "Simvastatin 40mg tablets", "Amiodarone 200mg tablets", "Digoxin 125microgram tablets",
        "Ramipril 5mg capsules", "Spironolactone 25mg tablets", "Furosemide 40mg tablets", "Metformin 500mg tablets",
        "Omeprazole 20mg gastro-resistant capsules", "Citalopram 20mg tablets", "Levothyroxine sodium 100microgram tablets",
        "Paracetamol 500mg tablets", "Bisoprolol 5mg tablets", "Allopurinol 100mg tablets", "Calcium carbonate 1.25g chewable tablets",
    ];

    private static readonly (string Name, double Dose, double PerDay)[] Drafts =
    [
        ("Clarithromycin 500mg tablets", 500, 2), ("Ibuprofen 400mg tablets", 400, 3), ("Tramadol 50mg capsules", 50, 4),
        ("Ciprofloxacin 500mg tablets", 500, 2), ("Gentamicin 80mg/2ml solution for injection ampoules", 350, 1),
    ];

    public static (ScreeningRequest ByCode, ScreeningRequest ByText) TwentyMedicines()
    {
        var products = SampleFormulary.Load().ToDictionary(p => p.Name);
        ScreeningRequest Build(Func<string, MedicineOrder> order) => new()
        {
            CurrentMedicines = [.. Current.Select(order)],
            DraftOrders = [.. Drafts.Select(d => order(d.Name) with { DoseMg = d.Dose, DosesPerDay = d.PerDay })],
            Allergies = ["penicillin", "codeine"],
            Foods = ["grapefruit juice", "alcohol", "milk"],
            AgeYears = 78,
            WeightKg = 64,
            Sex = Sex.Female,
            SerumCreatinineMicromolPerL = 130,
            EgfrMlPerMin = 38,
        };

        return (Build(n => new MedicineOrder(Code: products[n].Code)), Build(n => new MedicineOrder(Text: n.ToLowerInvariant().Replace("tablets", "tab", StringComparison.Ordinal))));
    }

    /// <summary>
    /// The same list as a CDS Hooks 1.0 <c>order-sign</c> request: drafts in <c>context.draftOrders</c>, current
    /// medicines and allergies as prefetch, by product name as many prescribing systems send them.
    /// </summary>
    private static readonly System.Text.Json.JsonSerializerOptions SkipNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static string CdsHooksOrderSign()
    {
        static object Request(string name, string status, double? dose = null, double? perDay = null)
        {
            var resource = new Dictionary<string, object>
            {
                ["resourceType"] = "MedicationRequest",
                ["status"] = status,
                ["intent"] = "order",
                ["subject"] = new { reference = "Patient/benchmark" },
                ["medicationCodeableConcept"] = new { text = name },
            };
            if (dose is not null)
            {
                resource["dosageInstruction"] = new[]
                {
                    new
                    {
                        timing = new { repeat = new { frequency = perDay, period = 1, periodUnit = "d" } },
                        doseAndRate = new[] { new { doseQuantity = new { value = dose, unit = "mg", system = "http://unitsofmeasure.org", code = "mg" } } },
                    },
                };
            }

            return resource;
        }

        static object Bundle(IEnumerable<object> resources) => new { resourceType = "Bundle", type = "collection", entry = resources.Select(r => new { resource = r }).ToArray() };

        var request = new
        {
            hookInstance = "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
            hook = "order-sign",
            context = new { userId = "Practitioner/benchmark", patientId = "benchmark", draftOrders = Bundle(Drafts.Select(d => Request(d.Name, "draft", d.Dose, d.PerDay))) },
            prefetch = new
            {
                medications = Bundle(Current.Select(n => Request(n, "active"))),
                allergies = Bundle(new[] { "penicillin", "codeine" }.Select(a => (object)new
                {
                    resourceType = "AllergyIntolerance",
                    clinicalStatus = new { coding = new[] { new { system = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", code = "active" } } },
                    code = new { text = a },
                    patient = new { reference = "Patient/benchmark" },
                })),
            },
        };
        return System.Text.Json.JsonSerializer.Serialize(request, SkipNulls);
    }
}
