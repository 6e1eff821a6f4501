using System.Security.Cryptography;
using System.Text;

namespace Infirmary.Hl7v2.Tests;

/// <summary>
/// A mutation fuzzer for the parser: it mutates the samples and the corpora and checks totality on every input.
/// In the test run it makes a short, seeded campaign (the same inputs every time). On demand it runs for longer and
/// writes each input that produced a new kind of outcome (or an exception) to a folder; copy the interesting ones
/// into Corpus/Fuzz, where <see cref="MalformedCorpusTests"/> replays them.
/// Run with: <c>HL7V2_FUZZ_SECONDS=300 HL7V2_FUZZ_OUT=/tmp/fuzz dotnet test --filter FuzzCampaign</c>.
/// </summary>
public class FuzzCampaign
{
    [Fact]
    public void GivenMutatedMessages_WhenParsed_ThenEveryInputParsesOrYieldsAnError()
    {
        var seconds = Environment.GetEnvironmentVariable("HL7V2_FUZZ_SECONDS");
        var output = Environment.GetEnvironmentVariable("HL7V2_FUZZ_OUT");
        var onDemand = seconds is not null && output is not null;
        const int ciRuns = 3000;
        if (onDemand)
        {
            Directory.CreateDirectory(output!);
        }

        var pool = new List<byte[]>
        {
            TestFiles.Bytes("TestData", "Samples", "LAB-ORU-1.hl7"),
            TestFiles.Bytes("TestData", "Samples", "ORU-R01-RMGEAD.hl7"),
        };
        pool.AddRange(Directory.GetFiles(TestFiles.Path("Corpus", "Malformed")).Where(f => new FileInfo(f).Length < 4096)
            .Select(File.ReadAllBytes));
        pool.AddRange(Directory.GetFiles(TestFiles.Path("Corpus", "Fuzz")).Select(File.ReadAllBytes));

        var seen = new HashSet<string>();
        var random = new Random(2026);
        var deadline = onDemand ? DateTime.UtcNow.AddSeconds(double.Parse(seconds!, System.Globalization.CultureInfo.InvariantCulture)) : DateTime.MaxValue;
        long runs = 0;
        while (onDemand ? DateTime.UtcNow < deadline : runs < ciRuns)
        {
            var input = Mutate(pool[random.Next(pool.Count)], pool[random.Next(pool.Count)], random);
            runs++;
            string signature;
            try
            {
                PropertyTests.Total(() => Hl7Message.Parse(input));
                var result = Hl7Message.Parse(input);
                signature = result.IsSuccess
                    ? $"ok-{Math.Min(result.Message.SegmentCount, 5)}-{result.Message.Delimiters.Field == '|'}"
                    : $"{result.Error.Kind}-{Math.Min(result.Error.SegmentIndex, 3)}-{Math.Min(result.Error.FieldPosition, 3)}-{result.Error.Header is null}";
            }
#pragma warning disable CA1031 // A fuzzer records every failure.
            catch (Exception e)
#pragma warning restore CA1031
            {
                signature = "crash-" + e.GetType().Name;
            }

            if (seen.Add(signature) && onDemand)
            {
                var name = $"{signature}-{Convert.ToHexString(SHA256.HashData(input))[..8].ToLowerInvariant()}.bin";
                File.WriteAllBytes(Path.Combine(output!, name), input);
                pool.Add(input);
            }
        }

        if (onDemand)
        {
            File.WriteAllText(Path.Combine(output!, "summary.txt"), $"{runs} runs, {seen.Count} outcomes\n{string.Join('\n', seen.Order())}\n", Encoding.UTF8);
        }

        Assert.True(seen.Count > 1, "the mutations should reach more than one kind of outcome");
        Assert.DoesNotContain(seen, s => s.StartsWith("crash", StringComparison.Ordinal));
    }

    private static byte[] Mutate(byte[] input, byte[] other, Random random)
    {
        var bytes = new List<byte>(input);
        var interesting = "|^~\\&#\r\n\u000b\u001c\0MSHPIDOBX\"\\XF\\.br"u8.ToArray();
        for (var n = random.Next(1, 6); n > 0; n--)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(8))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.Insert(at, interesting[random.Next(interesting.Length)]);
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 32)));
                    break;
                case 3 when bytes.Count > 0:
                    var length = Math.Min(bytes.Count - at, random.Next(1, 64));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 4 when other.Length > 0:
                    var from = random.Next(other.Length);
                    bytes.InsertRange(at, other.Skip(from).Take(random.Next(1, 128)));
                    break;
                case 5:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 6 when bytes.Count > 8:
                    bytes[4 + random.Next(4)] = interesting[random.Next(interesting.Length)];
                    break;
                default:
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256)));
                    break;
            }
        }

        return [.. bytes];
    }
}
