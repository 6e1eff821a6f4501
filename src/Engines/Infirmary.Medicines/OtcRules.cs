namespace Infirmary.Medicines;

/// <summary>One line of an over-the-counter sale as the rules see it: the pack, its legal category and how many packs.</summary>
/// <param name="Field">Where the line came from, for error messages ("lines[0]").</param>
/// <param name="Description">The pack as people say it ("Paracetamol 500mg tablets, 16 tablets").</param>
/// <param name="LegalCategory">GSL, P or POM (Medicines Act categories as dm+d records them); null when not classified.</param>
/// <param name="Substances">The product's active substances, lower case.</param>
/// <param name="Unit">The unit the pack is counted in: tablet, capsule, ml, sachet.</param>
/// <param name="PackSize">Units in one pack.</param>
/// <param name="Packs">Packs asked for.</param>
/// <param name="ControlledDrugSchedule">Misuse of Drugs Regulations schedule, or null.</param>
public sealed record OtcLine(
    string Field, string Description, string? LegalCategory, IReadOnlyList<string> Substances, string Unit, int PackSize, int Packs,
    int? ControlledDrugSchedule = null);

/// <summary>
/// The questions asked before a Pharmacy (P) medicine is sold — the WWHAM protocol: Who is it for, What are the
/// symptoms, How long have they had them, Action already taken, Medication they take. The first, second, third and
/// fifth must be answered; action taken is recorded when given.
/// </summary>
public sealed record OtcProtocol(string? ForWhom, string? Symptoms, string? Duration, string? ActionTaken, string? OtherMedicines);

public sealed record OtcViolation(string Field, string Message);

/// <summary>
/// The legal and best-practice rules of an over-the-counter sale, pure (no I/O, no clock):
/// <list type="bullet">
/// <item>Prescription-only (POM) medicines, controlled drugs of schedules 1–4 and unclassified packs are never sold.</item>
/// <item>Pharmacy (P) medicines need the sale protocol answered (<see cref="OtcProtocol"/>).</item>
/// <item>Paracetamol and aspirin (and ibuprofen on general sale) packs must respect the Human Medicines Regulations
///   2012, Schedule 15: a general-sale pack of tablets or capsules holds at most 16; a pharmacy pack of paracetamol or
///   aspirin at most 32 (above that it is POM).</item>
/// <item>The MHRA's "Best practice guidance on the sale of medicines for pain relief" asks that no more than two packs
///   of paracetamol or aspirin products be sold in one transaction (<see cref="MaxPainkillerPacks"/>); more — never
///   over 100 tablets or capsules (<see cref="MaxPainkillerUnits"/>), above which the supply is prescription-only — only
///   in exceptional circumstances, under a pharmacist's supervision with the reason recorded.</item>
/// <item>Any other product: at most <see cref="MaxPacksPerLine"/> packs in one sale (a local policy against typing errors).</item>
/// </list>
/// </summary>
public static class OtcRules
{
    public const string GeneralSale = "GSL";
    public const string Pharmacy = "P";
    public const string PrescriptionOnly = "POM";

    /// <summary>Human Medicines Regulations 2012, Schedule 15: most tablets or capsules in a general-sale pack of paracetamol, aspirin or ibuprofen.</summary>
    public const int MaxGeneralSalePack = 16;

    /// <summary>Most tablets or capsules of paracetamol or aspirin in a pharmacy (P) pack; a larger pack is POM.</summary>
    public const int MaxPharmacyPack = 32;

    /// <summary>MHRA best practice: packs of paracetamol or aspirin products in one transaction.</summary>
    public const int MaxPainkillerPacks = 2;

    /// <summary>Tablets or capsules of paracetamol or aspirin in one transaction, even in exceptional circumstances.</summary>
    public const int MaxPainkillerUnits = 100;

    public const int MaxPacksPerLine = 10;

    /// <summary>Substances whose packs and sales the pain-relief rules limit.</summary>
    public static readonly IReadOnlyList<string> LimitedPainkillers = ["paracetamol", "aspirin"];

    public static bool IsSolidDose(string unit) => unit is "tablet" or "capsule";

    public static bool IsLimitedPainkiller(OtcLine line) =>
        line.Substances.Any(s => LimitedPainkillers.Contains(s, StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether the sale needs the P protocol questions answered.</summary>
    public static bool NeedsProtocol(IEnumerable<OtcLine> lines) => lines.Any(l => l.LegalCategory == Pharmacy);

    /// <summary>
    /// Every reason the sale cannot go ahead, each naming its field; empty when it can. <paramref name="exceptional"/>
    /// is a pharmacist's decision (checked by the caller) to sell more than two packs of painkillers.
    /// </summary>
    public static IReadOnlyList<OtcViolation> Check(IReadOnlyList<OtcLine> lines, OtcProtocol protocol, bool exceptional)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(protocol);
        var errors = new List<OtcViolation>();
        foreach (var line in lines)
        {
            if (line.Packs < 1 || line.Packs > MaxPacksPerLine)
            {
                errors.Add(new($"{line.Field}.packs", $"Sell between 1 and {MaxPacksPerLine} packs of {line.Description}."));
                continue;
            }

            switch (line.LegalCategory)
            {
                case PrescriptionOnly:
                    errors.Add(new($"{line.Field}.gtin", $"{line.Description} is a prescription-only medicine (POM): it cannot be sold over the counter."));
                    continue;
                case GeneralSale or Pharmacy:
                    break;
                default:
                    errors.Add(new($"{line.Field}.gtin", $"{line.Description} has no legal category recorded (GSL, P or POM), so it cannot be sold over the counter."));
                    continue;
            }

            if (line.ControlledDrugSchedule is >= 1 and <= 4)
            {
                errors.Add(new($"{line.Field}.gtin", $"{line.Description} is a schedule {line.ControlledDrugSchedule} controlled drug: it cannot be sold over the counter."));
                continue;
            }

            var painkiller = IsLimitedPainkiller(line) || line.Substances.Contains("ibuprofen", StringComparer.OrdinalIgnoreCase);
            if (painkiller && IsSolidDose(line.Unit) && line.LegalCategory == GeneralSale && line.PackSize > MaxGeneralSalePack)
            {
                errors.Add(new($"{line.Field}.gtin",
                    $"{line.Description} is recorded as general sale (GSL) but holds {line.PackSize} {line.Unit}s; a GSL pack holds at most {MaxGeneralSalePack} (Human Medicines Regulations 2012, Schedule 15). Correct its legal category."));
            }
            else if (IsLimitedPainkiller(line) && IsSolidDose(line.Unit) && line.PackSize > MaxPharmacyPack)
            {
                errors.Add(new($"{line.Field}.gtin",
                    $"{line.Description} holds {line.PackSize} {line.Unit}s; packs of more than {MaxPharmacyPack} paracetamol or aspirin {line.Unit}s are prescription-only."));
            }
        }

        var painkillers = lines.Where(l => IsLimitedPainkiller(l) && l.Packs >= 1).ToList();
        var packs = painkillers.Sum(l => l.Packs);
        var units = painkillers.Where(l => IsSolidDose(l.Unit)).Sum(l => l.Packs * l.PackSize);
        if (units > MaxPainkillerUnits)
        {
            errors.Add(new("lines",
                $"This sale holds {units} paracetamol or aspirin tablets or capsules; more than {MaxPainkillerUnits} in one sale is prescription-only, even under supervision."));
        }
        else if (packs > MaxPainkillerPacks && !exceptional)
        {
            errors.Add(new("lines",
                $"No more than {MaxPainkillerPacks} packs of paracetamol or aspirin products in one sale (MHRA best practice guidance); this sale has {packs}. A pharmacist may allow more, up to {MaxPainkillerUnits} tablets, in exceptional circumstances, recording why."));
        }

        if (NeedsProtocol(lines))
        {
            void Required(string? answer, string field, string question)
            {
                if (string.IsNullOrWhiteSpace(answer))
                {
                    errors.Add(new($"protocol.{field}", $"A pharmacy (P) medicine is in the sale: answer \"{question}\""));
                }
            }

            Required(protocol.ForWhom, "forWhom", "Who is the medicine for?");
            Required(protocol.Symptoms, "symptoms", "What are the symptoms?");
            Required(protocol.Duration, "duration", "How long have they had the symptoms?");
            Required(protocol.OtherMedicines, "otherMedicines", "What other medicines do they take?");
        }

        return errors;
    }
}
