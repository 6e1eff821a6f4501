using System.Globalization;
using Infirmary.Medicines;
using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features;

/// <summary>
/// Seeds the demo formulary from the engine's hospital formulary (about 300 medicines, ADR 0061). Their codes are FIXTURE
/// codes (VMPs 91xxxxx; VTMs 90xxxxx and AMPs 93xxxxx made up here), not real dm+d identifiers; the formulary page says so.
/// </summary>
public sealed class PharmacyDemoData(InfirmaryDbContext db, FormularyEngine engine, TimeProvider clock)
{
    public const string FixtureNotice =
        "Demonstration formulary: product codes are made up (fixture codes 90xxxxx, 91xxxxx, 93xxxxx), not real dm+d or SNOMED CT identifiers.";

    public async Task SeedAsync(CancellationToken ct)
    {
        await SeedFormularyAsync(ct);
        await SeedStockAsync(ct);
    }

    private async Task SeedFormularyAsync(CancellationToken ct)
    {
        if (await db.Set<Vmp>().AnyAsync(ct))
        {
            return;
        }

        var kb = engine.KnowledgeBase;
        var vtms = new Dictionary<string, Vtm>(StringComparer.OrdinalIgnoreCase);
        var ampNumber = 0;
        foreach (var product in SampleFormulary.LoadHospital())
        {
            var vtmName = VtmName(product);
            if (!vtms.TryGetValue(vtmName, out var vtm))
            {
                vtm = new Vtm { Id = Guid.NewGuid(), Code = $"90{vtms.Count + 1:D5}", Name = vtmName };
                vtms[vtmName] = vtm;
                db.Add(vtm);
            }

            var first = kb.FindSubstance(product.Ingredients[0].Substance);
            var vmp = new Vmp
            {
                Id = Guid.NewGuid(),
                Code = product.Code,
                Name = product.Name,
                VtmId = vtm.Id,
                Strength = StrengthOf(product),
                Form = product.Form,
                Route = product.Route,
                UnitDose = product.UnitDose,
                BnfClass = first is { Classes.Count: > 0 } ? first.Classes[0] : "Unclassified",
                Ingredients = [.. product.Ingredients.Select((i, n) => new VmpIngredient
                {
                    Id = Guid.NewGuid(), Position = n + 1, Substance = i.Substance, StrengthMg = i.StrengthMg,
                })],
            };
            db.Add(vmp);
            var generic = product.Name[Stem(product.Name).Length..].Trim();
            foreach (var brand in product.BrandNames ?? [])
            {
                ampNumber++;
                db.Add(new Amp
                {
                    Id = Guid.NewGuid(),
                    Code = $"93{ampNumber:D5}",
                    Name = $"{brand} {generic}".Trim(),
                    Brand = brand,
                    Supplier = "Demonstration supplier",
                    VmpId = vmp.Id,
                });
            }
        }

        // BNF cautionary and advisory labels of the seeded products (BNF Appendix 3).
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["9100042"] = "29;30", ["9100043"] = "30", ["9100045"] = "9", ["9100046"] = "9", ["9100047"] = "9;21", ["9100008"] = "9",
            ["9100007"] = "10", ["9100009"] = "10", ["9100010"] = "10", ["9100059"] = "2", ["9100061"] = "2;29;30", ["9100080"] = "9",
        };
        foreach (var v in db.ChangeTracker.Entries<Vmp>().Select(e => e.Entity).Where(v => labels.ContainsKey(v.Code)))
        {
            v.BnfLabelNumbers = labels[v.Code];
        }

        // Controlled drugs. Oramorph 10mg/5ml is schedule 5 (no register); the three below are schedule 2; the hospital
        // list's controlled drugs take their schedule from their first ingredient.
        foreach (var v in db.ChangeTracker.Entries<Vmp>().Select(e => e.Entity))
        {
            if (v.Code == "9100059")
            {
                v.ControlledDrugSchedule = 5;
            }
            else if (v.Code.StartsWith("9101", StringComparison.Ordinal) && ScheduleOf.TryGetValue(v.Ingredients[0].Substance, out var schedule))
            {
                v.ControlledDrugSchedule = schedule;
            }
        }

        var opioid = kb.FindSubstance("morphine") is { Classes.Count: > 0 } m ? m.Classes[0] : "opioid";
        foreach (var (code, name, strength, form, route, unit, substance, mg) in ScheduleTwo)
        {
            var vtm = vtms.TryGetValue(Capitalise(substance), out var known) ? known : null;
            if (vtm is null)
            {
                vtm = new Vtm { Id = Guid.NewGuid(), Code = $"90{vtms.Count + 1:D5}", Name = Capitalise(substance) };
                vtms[vtm.Name] = vtm;
                db.Add(vtm);
            }

            db.Add(new Vmp
            {
                Id = Guid.NewGuid(), Code = code, Name = name, VtmId = vtm.Id, Strength = strength, Form = form, Route = route, UnitDose = unit,
                BnfClass = opioid, ControlledDrugSchedule = 2, BnfLabelNumbers = "2",
                Ingredients = [new VmpIngredient { Id = Guid.NewGuid(), Position = 1, Substance = substance, StrengthMg = mg }],
            });
        }

        foreach (var (code, name, strength, form, route, unit, substance, mg) in Extemporaneous)
        {
            var vtm = vtms.TryGetValue(Capitalise(substance), out var known) ? known : null;
            if (vtm is null)
            {
                vtm = new Vtm { Id = Guid.NewGuid(), Code = $"90{vtms.Count + 1:D5}", Name = Capitalise(substance) };
                vtms[vtm.Name] = vtm;
                db.Add(vtm);
            }

            db.Add(new Vmp
            {
                Id = Guid.NewGuid(), Code = code, Name = name, VtmId = vtm.Id, Strength = strength, Form = form, Route = route, UnitDose = unit,
                BnfClass = kb.FindSubstance(substance) is { Classes.Count: > 0 } s ? s.Classes[0] : "Unclassified",
                Ingredients = [new VmpIngredient { Id = Guid.NewGuid(), Position = 1, Substance = substance, StrengthMg = mg }],
            });
        }

        await db.SaveChangesAsync(ct);
        engine.Invalidate();
    }

    /// <summary>
    /// An extemporaneous product and the ingredient it is made with besides omeprazole capsules (fixture codes 91003xx):
    /// omeprazole 10mg/5ml (2mg/ml) oral suspension in sodium bicarbonate 8.4%, a common hospital preparation.
    /// </summary>
    private static readonly (string Code, string Name, string Strength, string Form, string Route, string Unit, string Substance, double Mg)[] Extemporaneous =
    [
        ("9100301", "Omeprazole 10mg/5ml oral suspension", "10mg", "oral suspension", "oral", "5 ml", "omeprazole", 10),
        ("9100302", "Sodium bicarbonate 8.4% oral solution", "84mg", "oral solution", "oral", "ml", "sodium bicarbonate", 84),
    ];

    /// <summary>
    /// Misuse of Drugs Regulations 2001 schedules of the hospital list's controlled drugs (Home Office "List of most
    /// commonly encountered drugs currently controlled under the misuse of drugs legislation"; gabapentin and pregabalin
    /// schedule 3 since April 2019). Codeine and dihydrocodeine products in the list are schedule 5 preparations.
    /// </summary>
    private static readonly Dictionary<string, int> ScheduleOf = new(StringComparer.OrdinalIgnoreCase)
    {
        ["diamorphine"] = 2, ["morphine"] = 2, ["oxycodone"] = 2, ["alfentanil"] = 2, ["hydromorphone"] = 2, ["pethidine"] = 2,
        ["fentanyl"] = 2, ["tapentadol"] = 2, ["methylphenidate"] = 2,
        ["buprenorphine"] = 3, ["temazepam"] = 3, ["midazolam"] = 3, ["phenobarbital"] = 3, ["tramadol"] = 3, ["gabapentin"] = 3, ["pregabalin"] = 3,
        ["diazepam"] = 4, ["lorazepam"] = 4, ["clonazepam"] = 4, ["chlordiazepoxide"] = 4, ["clobazam"] = 4, ["zopiclone"] = 4,
        ["codeine"] = 5, ["dihydrocodeine"] = 5,
    };

    /// <summary>
    /// The VTM of a product: its one substance ("Simvastatin"); for a combination its dm+d-style name ("Co-amoxiclav")
    /// when the product carries one, else the substances joined ("Budesonide + formoterol").
    /// </summary>
    private static string VtmName(Product product)
    {
        if (product.Ingredients.Count == 1)
        {
            return Capitalise(product.Ingredients[0].Substance);
        }

        var stem = Stem(product.Name);
        return stem.StartsWith("Co-", StringComparison.Ordinal) || product.Ingredients.All(i => !stem.Equals(i.Substance, StringComparison.OrdinalIgnoreCase))
            && !stem.Contains(' ', StringComparison.Ordinal)
            ? stem
            : Capitalise(string.Join(" + ", product.Ingredients.Select(i => i.Substance)));
    }

    /// <summary>Schedule 2 controlled drugs added to the demonstration formulary (fixture codes 91002xx).</summary>
    private static readonly (string Code, string Name, string Strength, string Form, string Route, string Unit, string Substance, double Mg)[] ScheduleTwo =
    [
        ("9100201", "Morphine sulfate 10mg/1ml solution for injection ampoules", "10mg", "solution for injection", "intravenous", "ampoule", "morphine", 10),
        ("9100202", "Morphine sulfate 20mg/ml oral solution", "20mg", "oral solution", "oral", "ml", "morphine", 20),
        ("9100203", "Oxycodone 5mg capsules", "5mg", "capsule", "oral", "capsule", "oxycodone", 5),
    ];

    /// <summary>
    /// Demo packs: VMP fixture code, brand (null for a generic pack), pack size, unit, legal category (Medicines Act:
    /// GSL, P or POM) and the over-the-counter price in pence of those sold at the till. Paracetamol 500mg tablets are
    /// GSL in packs of 16 and P in packs of 32 (Human Medicines Regulations 2012, Schedule 15). The position (from 1) is
    /// the pack's fixture GTIN number: append, never reorder.
    /// </summary>
    private static readonly (string Vmp, string? Brand, int Size, string Unit, string Category, int? Pence)[] DemoPacks =
    [
        ("9100042", null, 32, "tablet", LegalCategory.Pharmacy, 115),
        ("9100042", "Panadol", 32, "tablet", LegalCategory.Pharmacy, 349),
        ("9100045", null, 21, "capsule", LegalCategory.PrescriptionOnly, null),
        ("9100003", null, 28, "tablet", LegalCategory.PrescriptionOnly, null),
        ("9100009", null, 28, "tablet", LegalCategory.PrescriptionOnly, null),
        ("9100007", null, 24, "tablet", LegalCategory.PrescriptionOnly, null),
        ("9100008", null, 14, "tablet", LegalCategory.PrescriptionOnly, null),
        ("9100061", null, 30, "tablet", LegalCategory.PrescriptionOnly, null),
        ("9100059", "Oramorph", 100, "ml", LegalCategory.PrescriptionOnly, null),
        ("9100201", null, 10, "ampoule", LegalCategory.PrescriptionOnly, null),
        ("9100202", null, 120, "ml", LegalCategory.PrescriptionOnly, null),
        ("9100203", null, 56, "capsule", LegalCategory.PrescriptionOnly, null),
        ("9100042", null, 16, "tablet", LegalCategory.GeneralSale, 45),
        ("9100011", null, 16, "tablet", LegalCategory.GeneralSale, 55),
        ("9100011", null, 24, "tablet", LegalCategory.Pharmacy, 129),
        ("9101108", null, 16, "tablet", LegalCategory.GeneralSale, 65),
        ("9100021", null, 28, "capsule", LegalCategory.PrescriptionOnly, null),
        ("9100302", null, 100, "ml", LegalCategory.PrescriptionOnly, null),
        ("9100301", null, 100, "ml", LegalCategory.PrescriptionOnly, null),
    ];

    /// <summary>Fixture GTIN numbers of packs other code names (see <see cref="DemoPacks"/>).</summary>
    public const int ParacetamolP32 = 1, ParacetamolGsl16 = 13, IbuprofenGsl16 = 14, IbuprofenP24 = 15, AspirinGsl16 = 16,
        OmeprazoleCapsules28 = 17, SodiumBicarbonate100ml = 18, OmeprazoleSuspension100ml = 19;

    /// <summary>
    /// Fixture GTIN n: GS1 prefix 2 (restricted circulation, never on a real traded product) so a demo code cannot be
    /// mistaken for a real pack, written as GTIN-14 with its check digit.
    /// </summary>
    public static string DemoGtin(int n)
    {
        var body = $"0290000{n:D6}";
        return body + Infirmary.Medicines.Gs1.CheckDigit(body).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Locations, packs with fixture GTINs, and a few batches (each received through a ledger row).</summary>
    private async Task SeedStockAsync(CancellationToken ct)
    {
        if (await db.Set<StockLocation>().AnyAsync(ct))
        {
            return;
        }

        StockLocation Location(string code, string name, string kind)
        {
            var l = new StockLocation { Id = Guid.NewGuid(), Code = code, Name = name, Kind = kind };
            db.Add(l);
            return l;
        }

        var store = Location("PHARM", "Pharmacy store", LocationKind.Store);
        var ward7 = Location("WARD-7", "Ward 7 (general medicine)", LocationKind.Ward);
        Location("WARD-12", "Ward 12 (surgery)", LocationKind.Ward);
        Location("AMU", "Acute medical unit", LocationKind.Ward);
        Location("CLIN-RHEUM", "Rheumatology clinic", LocationKind.Clinic);
        Location("CLIN-OPD", "Outpatients clinic", LocationKind.Clinic);

        var vmps = await db.Set<Vmp>().AsNoTracking().ToDictionaryAsync(v => v.Code, ct);
        var amps = await db.Set<Amp>().AsNoTracking().ToListAsync(ct);
        var packs = new List<Pack>();
        var n = 0;
        foreach (var (code, brand, size, unit, category, pence) in DemoPacks)
        {
            n++;
            if (!vmps.TryGetValue(code, out var vmp))
            {
                continue;
            }

            var amp = brand is null ? null : amps.FirstOrDefault(a => a.VmpId == vmp.Id && a.Brand == brand);
            var pack = new Pack
            {
                Id = Guid.NewGuid(),
                VmpId = vmp.Id,
                AmpId = amp?.Id,
                Gtin = DemoGtin(n),
                Description = $"{amp?.Name ?? vmp.Name}, {size} {unit}{(unit == "ml" ? "" : "s")}",
                Size = size,
                Unit = unit,
                LegalCategory = category,
                PricePence = pence,
            };
            db.Add(pack);
            packs.Add(pack);
        }

        var today = Infirmary.Platform.Ui.UkFormat.TodayInLondon(clock);
        var now = clock.GetUtcNow().UtcDateTime;
        var cdBalances = new Dictionary<string, int>(StringComparer.Ordinal);
        void Batch(int packIndex, string number, DateOnly expiry, StockLocation at, int packCount)
        {
            if (packIndex >= packs.Count)
            {
                return;
            }

            var pack = packs[packIndex];
            var batch = new StockBatch
            {
                Id = Guid.NewGuid(), PackId = pack.Id, BatchNumber = number, Expiry = expiry, LocationId = at.Id,
                Quantity = packCount * pack.Size, ReceivedAt = now,
            };
            db.Add(batch);
            db.Add(new StockMovement
            {
                BatchId = batch.Id, Kind = MovementKind.Receipt, Change = batch.Quantity, Balance = batch.Quantity, At = now,
                ById = "system:demo", ByName = "Demonstration data", Reason = "Opening stock (demonstration data)",
            });
            var vmp = vmps.Values.First(v => v.Id == pack.VmpId);
            if (vmp.NeedsCdRegister)
            {
                var page = $"{vmp.Id}/{at.Id}";
                cdBalances[page] = cdBalances.GetValueOrDefault(page) + batch.Quantity;
                db.Add(new CdRegisterEntry
                {
                    VmpId = vmp.Id, LocationId = at.Id, Drug = vmp.Name, Strength = vmp.Strength, Form = vmp.Form, Kind = MovementKind.Receipt,
                    Change = batch.Quantity, Balance = cdBalances[page], Unit = pack.Unit, BatchId = batch.Id, BatchNumber = number, At = now,
                    ById = "system:demo", ByName = "Demonstration data", WitnessId = "system:demo-witness", WitnessName = "Demonstration data (opening balance)",
                    Detail = "Opening balance (demonstration data)",
                });
            }
        }

        // Two paracetamol batches, so first-expiry-first-out has a choice; one batch already past its expiry.
        Batch(0, "PA24117", today.AddMonths(5), store, 20);
        Batch(0, "PA25032", today.AddMonths(18), store, 40);
        Batch(1, "PN8821", today.AddMonths(12), store, 10);
        Batch(2, "AX1190", today.AddMonths(9), store, 30);
        Batch(2, "AX0907", today.AddDays(-10), store, 3);
        Batch(3, "SV5521", today.AddMonths(24), store, 25);
        Batch(4, "WF3310", today.AddMonths(15), store, 12);
        Batch(5, "MT0042", today.AddMonths(20), store, 6);
        Batch(6, "TM7781", today.AddMonths(11), store, 15);
        Batch(7, "CC6120", today.AddMonths(14), store, 18);
        Batch(8, "OM2231", today.AddMonths(10), store, 5);
        Batch(0, "PA24117", today.AddMonths(5), ward7, 4);
        Batch(9, "MI4410", today.AddMonths(16), store, 5);
        Batch(9, "MI4410", today.AddMonths(16), ward7, 1);
        Batch(10, "MC0917", today.AddMonths(12), store, 2);
        Batch(11, "OX7702", today.AddMonths(19), store, 4);
        // Over-the-counter stock, and the ingredients of the omeprazole suspension made in the pharmacy.
        Batch(ParacetamolGsl16 - 1, "PG16021", today.AddMonths(14), store, 40);
        Batch(IbuprofenGsl16 - 1, "IB16110", today.AddMonths(16), store, 20);
        Batch(IbuprofenP24 - 1, "IB24077", today.AddMonths(13), store, 10);
        Batch(AspirinGsl16 - 1, "AS16302", today.AddMonths(20), store, 10);
        Batch(OmeprazoleCapsules28 - 1, "OM20514", today.AddMonths(11), store, 6);
        Batch(SodiumBicarbonate100ml - 1, "SB84009", today.AddMonths(8), store, 5);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>"Co-amoxiclav 500mg/125mg tablets" → "Co-amoxiclav": the words before the first one holding a digit.</summary>
    private static string Stem(string name) => Formulary.ImportDmd.Stem(name);

    /// <summary>"40mg", "500mg/125mg"; for products dosed in units (insulin, heparins) the strength as the name writes it.</summary>
    private static string StrengthOf(Product product) =>
        product.Name.Split(' ').FirstOrDefault(w => w.Any(char.IsDigit) && w.Contains("unit", StringComparison.OrdinalIgnoreCase)) is { } units
            ? units
            : string.Join('/', product.Ingredients.Select(i => Strength(i.StrengthMg)));

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Strength(double mg) => mg < 1
        ? (mg * 1000).ToString("0.###", CultureInfo.InvariantCulture) + "microgram"
        : mg.ToString("0.###", CultureInfo.InvariantCulture) + "mg";
}
