using System.Globalization;

namespace Infirmary.Hl7v2.Results;

/// <summary>
/// The results in an ORU^R01 (or OUL^R22) message, grouped as the laboratory files them: patient, orders (OBR with
/// its ORC), each order's results (OBX, with the NTE notes after them) and specimens (SPM, with their own OBX).
/// Reading never fails; anything that does not fit the structure (an OBX before any OBR, say) is listed in
/// <see cref="Issues"/> and left out of the groups, so that it cannot be filed against the wrong order.
/// </summary>
public sealed class ObservationReport
{
    private ObservationReport(Hl7MessageType messageType, IReadOnlyList<PatientResultGroup> groups, IReadOnlyList<ResultIssue> issues)
    {
        MessageType = messageType;
        Groups = groups;
        Issues = issues;
    }

    public Hl7MessageType MessageType { get; }

    /// <summary>Patient groups in message order (usually one).</summary>
    public IReadOnlyList<PatientResultGroup> Groups { get; }

    /// <summary>Structural problems, each with the segment it concerns.</summary>
    public IReadOnlyList<ResultIssue> Issues { get; }

    /// <summary>The first group's patient, if any.</summary>
    public PatientIdentity? Patient => Groups.Count > 0 ? Groups[0].Patient : null;

    /// <summary>All orders of all groups, in message order.</summary>
    public IEnumerable<ObservationOrder> Orders => Groups.SelectMany(g => g.Orders);

    /// <summary>All observations of all orders (and of their specimens), in message order.</summary>
    public IEnumerable<Observation> Observations =>
        Orders.SelectMany(o => o.Observations.Concat(o.Specimens.SelectMany(s => s.Observations)))
            .OrderBy(o => o.SegmentOrdinal)
            .Distinct();

    /// <summary>Reads the results of a message.</summary>
    public static ObservationReport Read(Hl7Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.MessageType;
        var issues = new List<ResultIssue>();
        var specimenFirst = type.Code == "OUL";
        if (type.Code is not ("ORU" or "OUL"))
        {
            issues.Add(new ResultIssue(1, "MSH", $"message type {type} is not a result message (ORU or OUL)"));
        }

        var groups = new List<PatientResultGroup>();
        PatientIdentity? patient = null;
        var orders = new List<ObservationOrder>();
        ObservationOrder? order = null;
        Specimen? specimen = null;
        Hl7Segment? pendingOrc = null;
        List<string>? notes = null;
        var obxTarget = Target.None;

        foreach (var segment in message.Segments)
        {
            switch (segment.Id)
            {
                case "MSH":
                    break;

                case "PID":
                    if (patient is not null || orders.Count > 0)
                    {
                        groups.Add(new PatientResultGroup(patient, orders));
                        orders = [];
                    }

                    patient = ReadPatient(segment);
                    order = null;
                    specimen = null;
                    pendingOrc = null;
                    notes = null;
                    obxTarget = Target.None;
                    break;

                case "ORC":
                    if (pendingOrc is { } unused)
                    {
                        issues.Add(new ResultIssue(unused.Ordinal, "ORC", "ORC not followed by an OBR"));
                    }

                    pendingOrc = segment;
                    notes = null;
                    break;

                case "OBR":
                    order = ReadOrder(segment, pendingOrc);
                    pendingOrc = null;
                    if (specimenFirst && specimen is not null)
                    {
                        ((List<Specimen>)order.Specimens).Add(specimen);
                    }

                    orders.Add(order);
                    notes = (List<string>)order.Notes;
                    obxTarget = Target.Order;
                    break;

                case "SPM":
                {
                    var read = ReadSpecimen(segment);
                    if (specimenFirst)
                    {
                        specimen = read;
                        order = null;
                    }
                    else if (order is null)
                    {
                        issues.Add(new ResultIssue(segment.Ordinal, "SPM", "SPM before any OBR: the specimen belongs to no order"));
                        specimen = null;
                        notes = null;
                        obxTarget = Target.None;
                        break;
                    }
                    else
                    {
                        ((List<Specimen>)order.Specimens).Add(read);
                        specimen = read;
                    }

                    notes = null;
                    obxTarget = Target.Specimen;
                    break;
                }

                case "OBX":
                {
                    var observation = ReadObservation(segment);
                    if (obxTarget == Target.Order && order is not null)
                    {
                        ((List<Observation>)order.Observations).Add(observation);
                    }
                    else if (obxTarget == Target.Specimen && specimen is not null)
                    {
                        ((List<Observation>)specimen.Observations).Add(observation);
                    }
                    else
                    {
                        issues.Add(new ResultIssue(segment.Ordinal, "OBX",
                            $"OBX {observation.SetId} ({observation.Code.Identifier}) is not under an OBR or SPM: not filed"));
                        notes = null;
                        break;
                    }

                    notes = (List<string>)observation.Notes;
                    break;
                }

                case "NTE":
                    notes?.Add(segment.Field(3).Repetitions().Select(r => Hl7Escaping.Decode(r.Raw, message.Delimiters, message.Charset))
                        .Aggregate(string.Empty, (a, b) => a.Length == 0 ? b : a + "\n" + b));
                    break;

                default:
                    // PV1, PD1, TQ1, SFT, Z-segments...: not results. Notes after them belong to none of ours.
                    notes = null;
                    break;
            }
        }

        if (pendingOrc is { } last)
        {
            issues.Add(new ResultIssue(last.Ordinal, "ORC", "ORC not followed by an OBR"));
        }

        if (patient is not null || orders.Count > 0)
        {
            groups.Add(new PatientResultGroup(patient, orders));
        }

        return new ObservationReport(type, groups, issues);
    }

    private enum Target
    {
        None,
        Order,
        Specimen,
    }

    private static PatientIdentity ReadPatient(Hl7Segment pid)
    {
        var identifiers = new List<Identifier>();
        foreach (var repetition in pid.Field(3).Repetitions())
        {
            identifiers.Add(new Identifier(repetition.Component(1).Value, repetition.Component(4).Value, repetition.Component(5).Value));
        }

        var name = pid.Field(5).Repetition(1);
        return new PatientIdentity
        {
            Identifiers = identifiers,
            Name = new PersonName(name.Component(1).Value, name.Component(2).Value, name.Component(3).Value,
                name.Component(4).Value, name.Component(5).Value),
            DateOfBirth = pid.Field(7).Timestamp,
            Sex = pid.Field(8).Value,
            SegmentOrdinal = pid.Ordinal,
        };
    }

    private static ObservationOrder ReadOrder(Hl7Segment obr, Hl7Segment? orc)
    {
        var placer = obr.Field(2).Value;
        var filler = obr.Field(3).Value;
        if (orc is { } o)
        {
            placer = placer.Length > 0 ? placer : o.Field(2).Value;
            filler = filler.Length > 0 ? filler : o.Field(3).Value;
        }

        return new ObservationOrder
        {
            SetId = obr.Field(1).Value,
            PlacerOrderNumber = placer,
            FillerOrderNumber = filler,
            Service = CodedValue.From(obr.Field(4).Repetition(1)),
            ObservedAt = obr.Field(7).Timestamp,
            SpecimenReceivedAt = obr.Field(14).Timestamp,
            ReportedAt = obr.Field(22).Timestamp,
            ResultStatus = obr.Field(25).Value,
            Observations = new List<Observation>(),
            Specimens = new List<Specimen>(),
            Notes = new List<string>(),
            SegmentOrdinal = obr.Ordinal,
        };
    }

    private static Specimen ReadSpecimen(Hl7Segment spm)
    {
        var id = spm.Field(2).Repetition(1);
        return new Specimen
        {
            SetId = spm.Field(1).Value,
            PlacerSpecimenId = id.Component(1).Value,
            FillerSpecimenId = id.Component(2).Value,
            Type = CodedValue.From(spm.Field(4).Repetition(1)),
            CollectedAt = spm.Field(17).Timestamp,
            ReceivedAt = spm.Field(18).Timestamp,
            Observations = new List<Observation>(),
            SegmentOrdinal = spm.Ordinal,
        };
    }

    private static Observation ReadObservation(Hl7Segment obx)
    {
        var message = obx.Message!;
        var valueType = obx.Field(2).Value;
        var valueField = obx.Field(5);
        var first = valueField.Repetition(1);
        string value;
        decimal? number = null;
        StructuredNumeric? structured = null;
        CodedValue? coded = null;
        switch (valueType)
        {
            case "NM":
                value = first.Value;
                number = first.TryGetDecimal(out var n) ? n : null;
                break;

            case "SN":
                structured = ReadStructuredNumeric(first);
                value = first.IsEmpty ? string.Empty : structured.Display;
                number = structured.Comparator is "" or "=" && structured.Separator.Length == 0 ? structured.Number1 : null;
                break;

            case "CE" or "CWE" or "CNE":
                coded = CodedValue.From(first);
                value = coded.Text.Length > 0 ? coded.Text : coded.Identifier;
                break;

            case "ST" or "TX" or "FT":
                value = string.Join('\n', valueField.Repetitions().Select(r => Hl7Escaping.Decode(r.Raw, message.Delimiters, message.Charset)));
                break;

            default:
                value = first.Value;
                break;
        }

        List<string>? flags = null;
        foreach (var flag in obx.Field(8).Repetitions())
        {
            var text = flag.Value;
            if (text.Length > 0)
            {
                (flags ??= []).Add(text);
            }
        }

        return new Observation
        {
            SetId = obx.Field(1).Value,
            ValueType = valueType,
            Code = CodedValue.From(obx.Field(3).Repetition(1)),
            SubId = obx.Field(4).Value,
            Value = value,
            NumericValue = number,
            StructuredValue = structured,
            CodedValue = coded,
            RawValue = valueField.ToString(),
            Units = CodedValue.From(obx.Field(6).Repetition(1)),
            ReferenceRange = obx.Field(7).Value,
            AbnormalFlags = (IReadOnlyList<string>?)flags ?? [],
            Status = obx.Field(11).Value,
            ObservedAt = obx.Field(14).Timestamp,
            AnalysedAt = obx.Field(19).Timestamp,
            EquipmentInstanceId = obx.Field(18).Value,
            Notes = new List<string>(),
            SegmentOrdinal = obx.Ordinal,
        };
    }

    private static StructuredNumeric ReadStructuredNumeric(Hl7Element value)
    {
        static decimal? Number(Hl7Element e) => e.TryGetDecimal(out var d) ? d : null;
        return new StructuredNumeric(
            value.Component(1).Value,
            Number(value.Component(2)),
            value.Component(3).Value,
            Number(value.Component(4)));
    }
}
