using System.Globalization;

namespace Infirmary.Medicines;

/// <summary>
/// About ninety common UK hospital products (Data/sample-products.csv) with fixture codes, for tests, benchmarks and
/// demonstrations; and the hospital formulary (those plus Data/hospital-products.csv: about 300 medicines, 430 products)
/// the demo formulary is seeded from. Production callers pass products mapped from their dm+d formulary instead.
/// </summary>
public static class SampleFormulary
{
    public static IReadOnlyList<Product> Load() => [.. Parse("sample-products.csv")];

    /// <summary>The sample products followed by the rest of the hospital formulary (fixture codes 9101xxx).</summary>
    public static IReadOnlyList<Product> LoadHospital() => [.. Parse("sample-products.csv"), .. Parse("hospital-products.csv")];

    private static IEnumerable<Product> Parse(string file) =>
        KnowledgeBase.Read(file).Select(row => new Product(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            [.. row[5].Split(';', StringSplitOptions.RemoveEmptyEntries).Select(i =>
            {
                var parts = i.Split(':');
                return new Ingredient(parts[0].Trim(), double.Parse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture));
            })],
            [.. row[6].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]));
}
