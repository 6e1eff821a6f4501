using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Laboratory.Features;

public sealed record RangeDto(string Sex, int AgeFromDays, int? AgeToDays, decimal? Low, decimal? High, string Band, string Display);

public sealed record TestDto(
    string Code,
    string Name,
    string Loinc,
    string Kind,
    string? Units,
    string SpecimenType,
    string Container,
    decimal VolumeMl,
    int TurnaroundHours,
    decimal? CriticalLow,
    decimal? CriticalHigh,
    IReadOnlyList<RangeDto> ReferenceRanges)
{
    public static TestDto From(LabTest t) => new(t.Code, t.Name, t.LoincCode, t.Kind, t.Units, t.SpecimenType, t.Container, t.VolumeMl,
        t.TurnaroundHours, t.CriticalLow, t.CriticalHigh,
        [.. t.Ranges.OrderBy(r => r.Sex).ThenBy(r => r.AgeFromDays).Select(r => new RangeDto(r.Sex, r.AgeFromDays, r.AgeToDays, r.Low, r.High, r.Band, r.Display))]);
}

public sealed record PanelDto(string Code, string Name, string Loinc, int TurnaroundHours, IReadOnlyList<string> Tests);

public sealed record CatalogueDto(IReadOnlyList<PanelDto> Panels, IReadOnlyList<TestDto> Tests);

/// <summary>
/// The test catalogue (reference data, no patient data — so reading it is not audited). Orders name panel or test
/// codes; <see cref="ResolveAsync"/> turns them into the tests to perform.
/// </summary>
public sealed class Catalogue(InfirmaryDbContext db)
{
    public async Task<CatalogueDto> ReadAsync(CancellationToken ct)
    {
        var tests = await db.Set<LabTest>().AsNoTracking().Include(t => t.Ranges).OrderBy(t => t.Name).ToListAsync(ct);
        var panels = await db.Set<LabPanel>().AsNoTracking().Include(p => p.Members).OrderBy(p => p.Name).ToListAsync(ct);
        return new CatalogueDto(
            [.. panels.Select(p => new PanelDto(p.Code, p.Name, p.LoincCode, p.TurnaroundHours, [.. p.Members.OrderBy(m => m.Position).Select(m => m.TestCode)]))],
            [.. tests.Select(TestDto.From)]);
    }

    public async Task<TestDto?> ReadTestAsync(string code, CancellationToken ct)
    {
        var upper = code.ToUpperInvariant();
        var test = await db.Set<LabTest>().AsNoTracking().Include(t => t.Ranges).FirstOrDefaultAsync(t => t.Code == upper, ct);
        return test is null ? null : TestDto.From(test);
    }

    /// <summary>
    /// The tests an order for these codes asks for, each once, in the order asked; unknown codes are returned
    /// separately so the caller can refuse the whole request.
    /// </summary>
    public async Task<(IReadOnlyList<(string Ordered, LabTest Test)> Tests, IReadOnlyList<string> Unknown)> ResolveAsync(
        IEnumerable<string> codes, CancellationToken ct)
    {
        var wanted = codes.Select(c => c.Trim().ToUpperInvariant()).Where(c => c.Length > 0).Distinct().ToList();
        var panels = await db.Set<LabPanel>().AsNoTracking().Include(p => p.Members).Where(p => wanted.Contains(p.Code)).ToListAsync(ct);
        var memberCodes = panels.SelectMany(p => p.Members.Select(m => m.TestCode));
        var testCodes = wanted.Concat(memberCodes).Distinct().ToList();
        var tests = await db.Set<LabTest>().AsNoTracking().Include(t => t.Ranges).Where(t => testCodes.Contains(t.Code))
            .ToDictionaryAsync(t => t.Code, ct);
        var result = new List<(string, LabTest)>();
        var unknown = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in wanted)
        {
            if (panels.FirstOrDefault(p => p.Code == code) is { } panel)
            {
                foreach (var m in panel.Members.OrderBy(m => m.Position))
                {
                    if (seen.Add(m.TestCode))
                    {
                        result.Add((panel.Code, tests[m.TestCode]));
                    }
                }
            }
            else if (tests.TryGetValue(code, out var test))
            {
                if (seen.Add(code))
                {
                    result.Add((code, test));
                }
            }
            else
            {
                unknown.Add(code);
            }
        }

        return (result, unknown);
    }
}
