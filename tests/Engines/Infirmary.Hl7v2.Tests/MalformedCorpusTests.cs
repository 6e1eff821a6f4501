using System.Globalization;
using Infirmary.Hl7v2.Mllp;

namespace Infirmary.Hl7v2.Tests;

/// <summary>
/// Replays the malformed-message corpus (Corpus/Malformed, described case by case in cases.tsv) and the fuzz
/// corpus (Corpus/Fuzz). Each malformed case must give its specific error, at its segment and field, without an
/// exception; each case is also sent framed through the MLLP reader, and every error must yield a NAK that parses.
/// </summary>
public class MalformedCorpusTests
{
    public static TheoryData<string> Cases() => new(CaseNames());

    private static List<string> CaseNames() =>
        File.ReadAllLines(TestFiles.Path("Corpus", "Malformed", "cases.tsv"))
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split('\t')[0])
            .ToList();

    public static TheoryData<string> FuzzCases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestFiles.Path("Corpus", "Fuzz")).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void GivenCorpus_WhenListed_ThenEveryFileHasAnExpectation()
    {
        var listed = CaseNames().ToHashSet();
        var files = Directory.GetFiles(TestFiles.Path("Corpus", "Malformed")).Select(f => Path.GetFileName(f)).Where(f => f != "cases.tsv");
        Assert.All(files, f => Assert.Contains(f, listed));
        Assert.True(listed.Count >= 30);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GivenMalformedCase_WhenParsed_ThenItsSpecificErrorAndNoException(string file)
    {
        var fields = File.ReadAllLines(TestFiles.Path("Corpus", "Malformed", "cases.tsv")).Single(l => l.Split('\t')[0] == file).Split('\t');
        var expected = fields[1];
        var segment = int.Parse(fields[2], CultureInfo.InvariantCulture);
        var field = int.Parse(fields[3], CultureInfo.InvariantCulture);
        var options = Options(fields[4]);
        var bytes = TestFiles.Bytes("Corpus", "Malformed", file);

        var result = Hl7Message.Parse(bytes, options);
        PropertyTests.Total(() => Hl7Message.Parse(bytes, options));

        if (expected == "Parsed")
        {
            Assert.True(result.IsSuccess, result.Error?.ToString());
            return;
        }

        Assert.False(result.IsSuccess, $"{file} parsed");
        Assert.Equal(Enum.Parse<Hl7ParseErrorKind>(expected), result.Error.Kind);
        Assert.Equal(segment, result.Error.SegmentIndex);
        Assert.Equal(field, result.Error.FieldPosition);
        Assert.InRange(result.Error.Offset, 0, Math.Max(bytes.Length, options.MaxMessageLength));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task GivenMalformedCase_WhenFramedAndRead_ThenReaderDeliversItAndAResponseCanBeBuilt(string file)
    {
        var bytes = TestFiles.Bytes("Corpus", "Malformed", file);

        // The corpus holds MLLP bytes too; those frames are cut where they occur, as a listener would see them.
        byte[] stream = [MllpDecoder.StartBlock, .. bytes, MllpDecoder.EndBlock, MllpDecoder.CarriageReturn];
        using var reader = new MllpReader(new MemoryStream(stream), maxFrameSize: 1 << 20);
        var responses = 0;
        while (true)
        {
            var frame = await reader.ReadAsync();
            if (frame.Status == MllpStatus.EndOfStream)
            {
                break;
            }

            if (frame.Status != MllpStatus.Frame)
            {
                continue;
            }

            var result = Hl7Message.Parse(frame.Payload.Span);
            var now = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
            var response = result.IsSuccess
                ? Hl7Ack.Create(result.Message, Hl7AckCode.AA, "R", now)
                : Hl7Ack.CreateNak(result.Error, "R", now);
            Assert.True(Hl7Message.Parse(MllpFraming.Frame(response).AsSpan(1..^2)).IsSuccess);
            responses++;
        }

        Assert.True(responses >= 1);
    }

    [Theory]
    [MemberData(nameof(FuzzCases))]
    public void GivenFuzzCorpusCase_WhenParsed_ThenResultIsMessageOrError(string file)
    {
        var bytes = TestFiles.Bytes("Corpus", "Fuzz", file);
        PropertyTests.Total(() => Hl7Message.Parse(bytes));
        PropertyTests.Total(() => Hl7Message.Parse(System.Text.Encoding.Latin1.GetString(bytes)));
    }

    private static Hl7ParseOptions Options(string text)
    {
        var options = new Hl7ParseOptions();
        foreach (var setting in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (setting.Split('=')[0], int.Parse(setting.Split('=')[1], CultureInfo.InvariantCulture));
            options = name switch
            {
                "MaxFieldLength" => options with { MaxFieldLength = value },
                "MaxMessageLength" => options with { MaxMessageLength = value },
                "MaxSegments" => options with { MaxSegments = value },
                "MaxFieldsPerSegment" => options with { MaxFieldsPerSegment = value },
                "MaxRepetitionsPerField" => options with { MaxRepetitionsPerField = value },
                _ => throw new InvalidOperationException($"unknown option {name}"),
            };
        }

        return options;
    }
}
