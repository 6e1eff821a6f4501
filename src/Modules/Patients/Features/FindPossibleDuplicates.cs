using Infirmary.Matching;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Patients.Features;

/// <summary>An existing patient who may be the person being registered, with the evidence field by field.</summary>
public sealed record DuplicateCandidate(PatientSummary Patient, double Probability, MatchDecision Decision, IReadOnlyList<FieldComparison> Fields);

/// <summary>
/// Before a new record is created: which existing patients might be the same person? Candidates are fetched with
/// cheap indexed queries (same date of birth; same family-name start and birth year; same postcode; same NHS
/// number), then scored by the record-linkage engine (Fellegi–Sunter, ADR 0022). Restricted records are never shown;
/// the clerk is told only that a restricted record may match.
/// </summary>
public sealed class FindPossibleDuplicates(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors)
{
    private const int MaxFetched = 500;
    private static readonly MatchModel Model = MatchModel.Default();

    public async Task<(IReadOnlyList<DuplicateCandidate> Candidates, bool RestrictedMatch)> HandleAsync(PatientDetails d, CancellationToken ct)
    {
        if (d.BirthDate is not { } dob || string.IsNullOrWhiteSpace(d.FamilyName))
        {
            return ([], false);
        }

        var family = d.FamilyName.Trim().ToUpperInvariant();
        var prefix = family.Length >= 2 ? family[..2] : family;
        var postcode = UkPostcode.Normalise(d.Postcode);
        var nhs = NhsNumber.Normalise(d.NhsNumber);
        var yearStart = new DateOnly(dob.Year, 1, 1);
        var yearEnd = new DateOnly(dob.Year, 12, 31);
        var rows = await db.Set<Patient>().AsNoTracking()
            .Where(p => p.Active && (p.BirthDate == dob
                                     || (p.FamilyNameSearch.StartsWith(prefix) && p.BirthDate >= yearStart && p.BirthDate <= yearEnd)
                                     || (postcode != null && p.Postcode == postcode)
                                     || (nhs != null && p.NhsNumber == nhs)))
            .Take(MaxFetched)
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return ([], false);
        }

        var index = new MatchIndex(Model, rows.Select(ToPerson));
        var found = index.FindCandidates(ToPerson(d, "probe"), maxResults: 10);
        var byId = rows.ToDictionary(r => r.Id.ToString());
        var seeSensitive = actors.Current.Has(Permissions.PatientsSensitive);
        var restricted = false;
        var result = new List<DuplicateCandidate>();
        foreach (var c in found)
        {
            var p = byId[c.Record.Id];
            if (p.Sensitive && !seeSensitive)
            {
                restricted = true;
                continue;
            }

            result.Add(new DuplicateCandidate(
                new PatientSummary(p.Id, p.DisplayName, p.NhsNumber, p.BirthDate, p.Sex, p.Postcode, false, p.Version, p.HospitalNumber),
                c.Probability, c.Decision, c.Fields));
        }

        if (result.Count > 0)
        {
            await audit.RecordManyAsync(AuditAction.Search, result.Select(r => ($"Patient/{r.Patient.Id}", (Guid?)r.Patient.Id)),
                "possible duplicates shown at registration", ct);
        }

        return (result.Take(5).ToList(), restricted);
    }

    private static PersonRecord ToPerson(Patient p) => ToPerson(p.ToDetails(), p.Id.ToString());

    private static PersonRecord ToPerson(PatientDetails d, string id) => new()
    {
        Id = id,
        GivenNames = d.GivenName,
        FamilyName = d.FamilyName,
        DateOfBirth = d.BirthDate is { } b ? BirthDate.FromDate(b) : null,
        Sex = d.Sex switch { Sex.Male => "M", Sex.Female => "F", _ => null },
        Postcode = d.Postcode,
        AddressLines = new[] { d.AddressLine1, d.AddressLine2 }.OfType<string>().ToList(),
        Town = d.Town,
        NhsNumber = NhsNumber.Normalise(d.NhsNumber),
        Phone = d.Phone,
    };
}
