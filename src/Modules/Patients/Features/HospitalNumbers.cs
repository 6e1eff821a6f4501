using Infirmary.Patients.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Patients.Features;

/// <summary>
/// Issues hospital numbers from a counter row (ADR 0070). One atomic statement, <c>UPDATE ... SET next_value =
/// next_value + n RETURNING next_value</c>, moves the counter on: PostgreSQL's row lock and SQLite's single writer make
/// concurrent callers get disjoint blocks. Called outside the caller's transaction, the row lock lasts one statement, so
/// registrations do not queue behind each other; a registration that then fails leaves a gap, which is allowed (the
/// numbers are unique, not gap-free). The unique index on <c>patients.hospital_number</c> holds the invariant as well.
/// </summary>
public sealed class HospitalNumbers(InfirmaryDbContext db)
{
    public const string Counter = "hospital-number";

    /// <summary>Issues <paramref name="count"/> new hospital numbers, in order.</summary>
    public async Task<IReadOnlyList<string>> IssueAsync(int count, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var next = await db.Database.SqlQuery<long>(
                $"UPDATE patient_number_counters SET next_value = next_value + {count} WHERE name = {Counter} RETURNING next_value AS \"Value\"")
                .ToListAsync(ct);
            if (next.Count == 1)
            {
                var first = next[0] - count;
                return Enumerable.Range(0, count).Select(i => PatientIdentifiers.FormatHospitalNumber(first + i)).ToList();
            }

            await CreateCounterAsync(ct);
        }

        throw new InvalidOperationException("The hospital number counter could not be created.");
    }

    /// <summary>
    /// The first use creates the counter above every number already issued (including those an earlier version of the
    /// import kept as patient identifiers); two first uses at once are settled by the primary key.
    /// </summary>
    private async Task CreateCounterAsync(CancellationToken ct)
    {
        // "H" and digits: the longest, then the greatest, is the highest number.
        var onRecords = await db.Set<Patient>().AsNoTracking().Where(p => p.HospitalNumber != null)
            .OrderByDescending(p => p.HospitalNumber!.Length).ThenByDescending(p => p.HospitalNumber).Select(p => p.HospitalNumber).FirstOrDefaultAsync(ct);
        var imported = await db.Set<PatientIdentifier>().AsNoTracking().Where(i => i.System == PatientIdentifiers.HospitalNumberSystem)
            .OrderByDescending(i => i.Value.Length).ThenByDescending(i => i.Value).Select(i => i.Value).FirstOrDefaultAsync(ct);
        var highest = Math.Max(PatientIdentifiers.ParseHospitalNumber(onRecords) ?? 0, PatientIdentifiers.ParseHospitalNumber(imported) ?? 0);
        var start = highest + 1;
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO patient_number_counters (name, next_value) VALUES ({Counter}, {start}) ON CONFLICT (name) DO NOTHING", ct);
    }
}
