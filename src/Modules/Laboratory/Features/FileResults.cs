using Infirmary.Hl7v2;
using Infirmary.Hl7v2.Results;
using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;
using Specimen = Infirmary.Laboratory.Domain.Specimen;

namespace Infirmary.Laboratory.Features;

public sealed record FilingOutcome(int Filed, int Unmatched);

/// <summary>
/// Files the results of a stored ORU^R01/OUL^R22 message, in the same unit of work as storing it (ADR 0032): each
/// result group (OBR) is matched to exactly one received specimen by OBR-2 or OBR-3 equal to its barcode number, and
/// nothing weaker. No match, two different specimens, a specimen not received or rejected, or an NHS number in PID
/// that contradicts the specimen's patient: the group goes to the unmatched-results worklist instead. Each OBX with a
/// value becomes a result with a flag computed from the catalogue range for the patient's sex and age band, and the
/// patient's previous result of the same test for the delta check. Only adds to the context; the caller saves.
/// </summary>
public sealed class FileResults(InfirmaryDbContext db, AuditTrail audit)
{
    public static bool IsResultMessage(Hl7Message message) =>
        message.MessageType.Code is "ORU" or "OUL";

    // Read once per unit of work (one message, or one batch of them), and only when a group matched a specimen.
    private List<LabTest>? _tests;

    // Specimens looked up ahead for a batch of messages, by accession number (null: look each up when needed).
    private Dictionary<string, Specimen>? _specimens;

    public Task<FilingOutcome> FileAsync(Hl7Message message, InboundMessage stored, CancellationToken ct) =>
        FileAsync(ObservationReport.Read(message), stored, ct);

    /// <summary>The specimen numbers an order may name (OBR-2, OBR-3), as matched against accession numbers.</summary>
    public static List<string> SpecimenKeys(ObservationOrder order) =>
        new[] { order.PlacerOrderNumber.Trim(), order.FillerOrderNumber.Trim() }.Where(k => k.Length is > 0 and <= 20).Distinct().ToList();

    /// <summary>
    /// Looks up, in one query, every specimen the given numbers name, for the messages about to be filed in this unit
    /// of work; matching then reads from what was found instead of asking once per result group. Returns them.
    /// </summary>
    public async Task<IReadOnlyCollection<Specimen>> LoadSpecimensAsync(IEnumerable<string> keys, CancellationToken ct)
    {
        var wanted = keys.Distinct(StringComparer.Ordinal).ToList();
        var found = wanted.Count == 0 ? [] : await db.Set<Specimen>().Where(s => wanted.Contains(s.Accession)).ToListAsync(ct);
        _specimens = found.ToDictionary(s => s.Accession, StringComparer.Ordinal);
        return found;
    }

    public async Task<FilingOutcome> FileAsync(ObservationReport report, InboundMessage stored, CancellationToken ct)
    {
        var filed = 0;
        var unmatched = 0;
        foreach (var group in report.Groups)
        {
            foreach (var order in group.Orders)
            {
                var observations = order.Observations.Concat(order.Specimens.SelectMany(s => s.Observations))
                    .Where(o => o.Value.Length > 0).ToList();
                var (specimen, reason) = await MatchAsync(order, group.Patient, ct);
                if (specimen is null)
                {
                    unmatched++;
                    db.Add(new UnmatchedResult
                    {
                        InboundMessageId = stored.Id,
                        ReceivedAt = stored.ReceivedAt,
                        PlacerNumber = Cut(order.PlacerOrderNumber, 200),
                        FillerNumber = Cut(order.FillerOrderNumber, 200),
                        PatientText = Cut(PatientText(group.Patient), 300),
                        Service = Cut(order.Service.ToString(), 300),
                        ObservationCount = observations.Count,
                        Reason = Cut(reason!, 500),
                    });
                    continue;
                }

                _tests ??= await db.Set<LabTest>().AsNoTracking().Include(t => t.Ranges).ToListAsync(ct);
                filed += await FileGroupAsync(specimen, observations, _tests, stored, ct);
            }
        }

        if (report.Groups.Count == 0 || !report.Orders.Any())
        {
            stored.Error = "No result groups (OBR) to file.";
        }

        stored.Status = InboundStatus.Processed;
        if (unmatched > 0)
        {
            stored.Error = $"{unmatched} result group(s) did not match a received specimen: see the unmatched-results worklist.";
        }

        return new FilingOutcome(filed, unmatched);
    }

    private async Task<(Specimen? Specimen, string? Reason)> MatchAsync(ObservationOrder order, PatientIdentity? patient, CancellationToken ct)
    {
        var keys = SpecimenKeys(order);
        if (keys.Count == 0)
        {
            return (null, "OBR-2 and OBR-3 are empty: there is no specimen number to match.");
        }

        var found = _specimens is { } known
            ? [.. keys.Select(k => known.GetValueOrDefault(k)).OfType<Specimen>().Distinct()]
            : await db.Set<Specimen>().Where(s => keys.Contains(s.Accession)).ToListAsync(ct);
        if (found.Count == 0)
        {
            return (null, $"No specimen has the number {string.Join(" or ", keys)}.");
        }

        if (found.Count > 1)
        {
            return (null, $"OBR-2 and OBR-3 name two different specimens ({string.Join(", ", found.Select(s => s.Accession))}).");
        }

        var specimen = found[0];
        if (specimen.Status != SpecimenStatus.Received)
        {
            return (null, $"Specimen {specimen.Accession} is {Specimen.Describe(specimen.Status).ToLowerInvariant()}, not received in the laboratory.");
        }

        var sent = Digits(patient?.NhsNumber?.Value);
        if (sent.Length > 0)
        {
            var ours = await db.Set<LabOrder>().Where(o => o.Id == specimen.OrderId).Select(o => o.PatientNhsNumber).SingleAsync(ct);
            if (ours is not null && ours != sent)
            {
                return (null, $"The NHS number in PID does not match the patient of specimen {specimen.Accession}.");
            }
        }

        return (specimen, null);
    }

    private async Task<int> FileGroupAsync(Specimen specimen, List<Observation> observations, List<LabTest> tests, InboundMessage stored, CancellationToken ct)
    {
        var now = stored.ReceivedAt;
        var report = await db.Set<LabReport>().Include(r => r.Results).FirstOrDefaultAsync(r => r.SpecimenId == specimen.Id, ct);
        if (report is null)
        {
            report = new LabReport
            {
                SpecimenId = specimen.Id, OrderId = specimen.OrderId, PatientId = specimen.PatientId, FirstFiledAt = now, LastFiledAt = now,
            };
            db.Add(report);
        }

        // Demographics as recorded on the request: filing never reads the patient record (ADR 0032).
        var who = await db.Set<LabOrder>().AsNoTracking().Where(o => o.Id == specimen.OrderId)
            .Select(o => new { o.PatientSex, o.PatientBirthDate }).SingleAsync(ct);
        var collected = specimen.CollectedAt ?? now;
        int? ageDays = who.PatientBirthDate is { } dob ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(collected, DateTimeKind.Utc), UkFormat.London)).DayNumber - dob.DayNumber : null;
        var sex = who.PatientSex;
        var amended = false;
        var count = 0;
        foreach (var obx in observations)
        {
            var test = tests.FirstOrDefault(t => t.LoincCode == obx.Code.Identifier
                || string.Equals(t.Code, obx.Code.Identifier, StringComparison.OrdinalIgnoreCase));
            // Cut to the column here, since the units are also quoted in the note when they differ from the catalogue's.
            var units = obx.Units.Identifier.Length > 0 ? Cut(obx.Units.Identifier, 60) : null;
            string? flag = null;
            string? range = obx.ReferenceRange.Length > 0 ? Cut(obx.ReferenceRange, 60) : null;
            string? note = null;
            var number = obx.ValueType is "NM" ? obx.NumericValue : null;
            if (test is null)
            {
                note = "Not in the test catalogue: no flag computed.";
            }
            else if (number is { } value)
            {
                if (units is not null && test.Units is not null && !string.Equals(units, test.Units, StringComparison.Ordinal))
                {
                    // A range in g/L applied to a value in g/dL would flag nonsense: flag nothing and say why.
                    note = $"Units {units} differ from the catalogue's {test.Units}: no flag computed.";
                }
                else
                {
                    var chosen = Domain.ReferenceRange.For(test.Ranges, sex, ageDays);
                    flag = ResultFlags.Compute(value, chosen, test.CriticalLow, test.CriticalHigh);
                    range = chosen?.Display ?? range;
                }
            }

            LabResult? previous = null;
            if (test is not null && number is not null)
            {
                previous = await db.Set<LabResult>().AsNoTracking()
                    .Where(r => r.PatientId == specimen.PatientId && r.TestCode == test.Code && !r.Superseded && r.ReportId != report.Id && r.NumericValue != null)
                    .OrderByDescending(r => r.FiledAt).FirstOrDefaultAsync(ct);
            }

            var result = new LabResult
            {
                ReportId = report.Id,
                PatientId = specimen.PatientId,
                TestCode = test?.Code,
                Code = Cut(obx.Code.ToString(), 250),
                Name = Cut(test?.Name ?? (obx.Code.Text.Length > 0 ? obx.Code.Text : obx.Code.Identifier), 200),
                Value = Cut(obx.Value, 4000),
                NumericValue = number,
                Units = units ?? test?.Units,
                ReferenceRange = range,
                Flag = flag,
                AnalyserFlag = obx.AbnormalFlags.Count > 0 ? Cut(string.Join('~', obx.AbnormalFlags), 20) : null,
                Note = note,
                PreviousValue = previous?.NumericValue,
                PreviousAt = previous?.FiledAt,
                ObservedAt = ToUtc(obx.ObservedAt),
                FiledAt = now,
                InboundMessageId = stored.Id,
            };
            foreach (var old in report.Results.Where(r => !r.Superseded && r.Code == result.Code && r.Id != result.Id).ToList())
            {
                old.Supersede(result.Id, $"{stored.SendingApplication} (analyser)", now, $"Corrected by message {stored.ControlId}");
                amended = true;
            }

            report.Results.Add(result);
            db.Add(result);
            count++;
        }

        if (db.Entry(report).State != EntityState.Added)
        {
            report.Reopen(now, amended);
        }

        audit.Add(AuditAction.Create, $"LabReport/{report.Id}", specimen.PatientId,
            detail: $"{count} result(s) filed on specimen {specimen.Accession} from message {stored.ControlId}");
        return count;
    }

    private static DateTime? ToUtc(Hl7Timestamp? t) => t switch
    {
        null => null,
        { } v when v.ToDateTimeOffset() is { } o => o.UtcDateTime,
        { } v => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(v.Value, DateTimeKind.Unspecified), UkFormat.London),
    };

    private static string PatientText(PatientIdentity? p) => p is null
        ? "No PID segment"
        : $"{p.Name.Family.ToUpperInvariant()}, {p.Name.Given} ({string.Join(", ", p.Identifiers.Select(i => i.Value))})";

    private static string Digits(string? s) => s is null ? string.Empty : new string([.. s.Where(char.IsAsciiDigit)]);

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
