namespace Infirmary.Hl7v2.Results;

/// <summary>A coded value (CE/CWE): identifier, text and coding system, with the alternate triple.</summary>
public sealed record CodedValue(
    string Identifier,
    string Text,
    string CodingSystem,
    string AlternateIdentifier = "",
    string AlternateText = "",
    string AlternateCodingSystem = "")
{
    public static CodedValue Empty { get; } = new(string.Empty, string.Empty, string.Empty);

    public bool IsEmpty => Identifier.Length == 0 && Text.Length == 0;

    internal static CodedValue From(Hl7Element element)
    {
        if (element.IsEmpty)
        {
            return Empty;
        }

        // One pass over the components rather than six scans from the start.
        Span<string> parts = [string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty];
        var i = 0;
        foreach (var component in element.Components())
        {
            if (i == parts.Length)
            {
                break;
            }

            parts[i++] = component.Value;
        }

        return new CodedValue(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    public override string ToString() => $"{Identifier}^{Text}^{CodingSystem}";
}

/// <summary>An identifier with its assigning authority and type (CX, EI).</summary>
public sealed record Identifier(string Value, string AssigningAuthority, string TypeCode);

/// <summary>A person's name (XPN): family name and given names.</summary>
public sealed record PersonName(string Family, string Given, string Middle, string Suffix, string Prefix);

/// <summary>SN (structured numeric): comparator, numbers and separator, e.g. "&gt;^10", "^1^:^128", "^10^-^20".</summary>
public sealed record StructuredNumeric(string Comparator, decimal? Number1, string Separator, decimal? Number2)
{
    /// <summary>Compact display: "&gt;10", "182", "1:128", "10-20".</summary>
    public string Display =>
        string.Concat(Comparator, Format(Number1), Separator, Number2 is null ? string.Empty : Format(Number2));

    private static string Format(decimal? value) =>
        value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
}

/// <summary>The patient of a result group (PID).</summary>
public sealed record PatientIdentity
{
    /// <summary>PID-3 repetitions (MRN, NHS number, ...).</summary>
    public required IReadOnlyList<Identifier> Identifiers { get; init; }

    /// <summary>PID-5, first repetition.</summary>
    public required PersonName Name { get; init; }

    /// <summary>PID-7.</summary>
    public Hl7Timestamp? DateOfBirth { get; init; }

    /// <summary>PID-8 (administrative sex).</summary>
    public required string Sex { get; init; }

    /// <summary>1-based ordinal of the PID segment.</summary>
    public required int SegmentOrdinal { get; init; }

    /// <summary>
    /// The identifier whose type (CX-5) is "NH" or whose assigning authority (CX-4) is "NHS", if any. Its check
    /// digit is not verified here; that is the patient module's job.
    /// </summary>
    public Identifier? NhsNumber => Identifiers.FirstOrDefault(i =>
        i.TypeCode.Equals("NH", StringComparison.OrdinalIgnoreCase)
        || i.AssigningAuthority.Equals("NHS", StringComparison.OrdinalIgnoreCase));
}

/// <summary>A specimen (SPM) and the observations about it (OBX after SPM).</summary>
public sealed record Specimen
{
    public required string SetId { get; init; }

    /// <summary>SPM-2.1: placer-assigned specimen id (the barcode, usually).</summary>
    public required string PlacerSpecimenId { get; init; }

    /// <summary>SPM-2.2: filler-assigned specimen id.</summary>
    public required string FillerSpecimenId { get; init; }

    /// <summary>SPM-4.</summary>
    public required CodedValue Type { get; init; }

    /// <summary>SPM-17.1: start of the collection.</summary>
    public Hl7Timestamp? CollectedAt { get; init; }

    /// <summary>SPM-18: received in the laboratory.</summary>
    public Hl7Timestamp? ReceivedAt { get; init; }

    public required IReadOnlyList<Observation> Observations { get; init; }

    public required int SegmentOrdinal { get; init; }
}

/// <summary>One result (OBX).</summary>
public sealed record Observation
{
    /// <summary>OBX-1.</summary>
    public required string SetId { get; init; }

    /// <summary>OBX-2: NM, SN, ST, TX, FT, CE, CWE, ED, ...</summary>
    public required string ValueType { get; init; }

    /// <summary>OBX-3: what was observed (LOINC code, text, system).</summary>
    public required CodedValue Code { get; init; }

    /// <summary>OBX-4.</summary>
    public required string SubId { get; init; }

    /// <summary>
    /// OBX-5 for display: an SN value in compact form ("182", "&gt;10"), a coded value's text (or code), otherwise
    /// the decoded first repetition; repetitions of text types are joined with a line feed. Empty when no value
    /// was sent (for instance with status I).
    /// </summary>
    public required string Value { get; init; }

    /// <summary>OBX-5 as a number, for NM values (and SN values with no comparator and no second number).</summary>
    public decimal? NumericValue { get; init; }

    /// <summary>OBX-5 parsed as SN, for SN values.</summary>
    public StructuredNumeric? StructuredValue { get; init; }

    /// <summary>OBX-5 as a coded value, for CE/CWE/CNE values.</summary>
    public CodedValue? CodedValue { get; init; }

    /// <summary>OBX-5 exactly as it was written (escaped, all repetitions).</summary>
    public required string RawValue { get; init; }

    /// <summary>OBX-6 (code is usually UCUM, e.g. "mmol/L").</summary>
    public required CodedValue Units { get; init; }

    /// <summary>OBX-7 as sent ("3.5-5.3", "&lt;5", "70_105"...): interpreting it is the catalogue's job.</summary>
    public required string ReferenceRange { get; init; }

    /// <summary>OBX-8 repetitions (H, L, HH, LL, A, N, ...).</summary>
    public required IReadOnlyList<string> AbnormalFlags { get; init; }

    /// <summary>OBX-11: F (final), P (preliminary), C (correction), I (pending), X (cannot be obtained), D, W...</summary>
    public required string Status { get; init; }

    /// <summary>OBX-14.</summary>
    public Hl7Timestamp? ObservedAt { get; init; }

    /// <summary>OBX-19 (v2.5+).</summary>
    public Hl7Timestamp? AnalysedAt { get; init; }

    /// <summary>OBX-18, first repetition (the analyser).</summary>
    public required string EquipmentInstanceId { get; init; }

    /// <summary>NTE-3 of the NTE segments that follow this OBX.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>1-based ordinal of the OBX segment.</summary>
    public required int SegmentOrdinal { get; init; }
}

/// <summary>An order (OBR, with its ORC if any) and its results.</summary>
public sealed record ObservationOrder
{
    /// <summary>OBR-1.</summary>
    public required string SetId { get; init; }

    /// <summary>OBR-2.1, or ORC-2.1 when OBR-2 is empty.</summary>
    public required string PlacerOrderNumber { get; init; }

    /// <summary>OBR-3.1, or ORC-3.1 when OBR-3 is empty.</summary>
    public required string FillerOrderNumber { get; init; }

    /// <summary>OBR-4: the test or panel.</summary>
    public required CodedValue Service { get; init; }

    /// <summary>OBR-7.</summary>
    public Hl7Timestamp? ObservedAt { get; init; }

    /// <summary>OBR-14 (before v2.7): specimen received.</summary>
    public Hl7Timestamp? SpecimenReceivedAt { get; init; }

    /// <summary>OBR-22.</summary>
    public Hl7Timestamp? ReportedAt { get; init; }

    /// <summary>OBR-25: F, P, C, ...</summary>
    public required string ResultStatus { get; init; }

    /// <summary>The OBX segments that belong to this order directly.</summary>
    public required IReadOnlyList<Observation> Observations { get; init; }

    /// <summary>SPM segments of this order (ORU^R01), or the specimen the order hangs from (OUL^R22).</summary>
    public required IReadOnlyList<Specimen> Specimens { get; init; }

    /// <summary>NTE-3 of the NTE segments right after OBR.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>1-based ordinal of the OBR segment.</summary>
    public required int SegmentOrdinal { get; init; }
}

/// <summary>A patient (if the message names one) and that patient's orders.</summary>
public sealed record PatientResultGroup(PatientIdentity? Patient, IReadOnlyList<ObservationOrder> Orders);

/// <summary>A structural problem found while reading results: something the laboratory must not file blindly.</summary>
public sealed record ResultIssue(int SegmentOrdinal, string SegmentId, string Problem);
