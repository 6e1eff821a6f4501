using Infirmary.Matching;
using Infirmary.Matching.Csv;

namespace Infirmary.Matching.Benchmarks;

/// <summary>
/// For tuning blocking: per rule, how many candidate pairs it makes, how many true pairs it finds, and how
/// many true pairs no other rule finds (ignores the block-size cap).
/// </summary>
internal static class RulesReport
{
    private static string Show(PersonRecord r) =>
        $"{r.Id} | {r.GivenNames} | {r.FamilyName} | {r.DateOfBirth} | {r.Postcode} | {r.HouseNumber} | {string.Join(" / ", r.AddressLines ?? [])} | {r.Town} | {r.OtherIdentifier}";

    public static int Run(string[] args, TextWriter output)
    {
        var sets = new List<(string Name, IReadOnlyList<PersonRecord> Records, IReadOnlyList<string> Entities)>();
        foreach (var a in args)
        {
            if (int.TryParse(a, out var n))
            {
                var p = SyntheticPeople.Generate(n, 1);
                sets.Add(($"synthetic {n:N0}", p.Records, p.EntityIds));
            }
            else
            {
                using var reader = new StreamReader(a);
                var data = PersonCsv.Read(reader);
                sets.Add((Path.GetFileName(a), data.Records, data.Records.Select(r => PairwiseQuality.FebrlEntity(r.Id)).ToList()));
            }
        }

        var rules = BlockingRule.Defaults;
        foreach (var (name, records, entities) in sets)
        {
            var prepared = RecordPreparer.Prepare(records, true);
            var keys = rules.Select(r => prepared.Select(p => r.Key(p)).ToArray()).ToArray();
            var byEntity = Enumerable.Range(0, records.Count).GroupBy(i => entities[i]).Where(g => g.Count() > 1).ToList();
            var found = new long[rules.Count];
            var only = new long[rules.Count];
            long missed = 0, total = 0;
            foreach (var g in byEntity)
            {
                var members = g.ToArray();
                for (var x = 0; x < members.Length; x++)
                {
                    for (var y = x + 1; y < members.Length; y++)
                    {
                        total++;
                        var hits = new List<int>();
                        for (var r = 0; r < rules.Count; r++)
                        {
                            var k = keys[r];
                            if (k[members[x]] != 0 && k[members[x]] == k[members[y]])
                            {
                                hits.Add(r);
                                found[r]++;
                            }
                        }

                        if (hits.Count == 1)
                        {
                            only[hits[0]]++;
                        }
                        else if (hits.Count == 0)
                        {
                            missed++;
                            if (missed <= 12 && Environment.GetEnvironmentVariable("MATCHING_DIAGNOSE") == "1")
                            {
                                output.WriteLine($"  missed: {Show(records[members[x]])}\n          {Show(records[members[y]])}");
                            }
                        }
                    }
                }
            }

            output.WriteLine($"{name}: {total:N0} true pairs, {missed:N0} found by no rule (blocking recall {1 - (double)missed / total:0.0000})");
            for (var r = 0; r < rules.Count; r++)
            {
                var pairs = keys[r].Where(k => k != 0).GroupBy(k => k).Sum(g => (long)g.Count() * (g.Count() - 1) / 2);
                var largest = keys[r].Where(k => k != 0).GroupBy(k => k).Select(g => g.Count()).DefaultIfEmpty(0).Max();
                output.WriteLine($"  {rules[r].Name,-36} pairs {pairs,12:N0}  largest block {largest,6:N0}  true pairs {found[r],8:N0}  only this rule {only[r],6:N0}");
            }
        }

        return 0;
    }
}
