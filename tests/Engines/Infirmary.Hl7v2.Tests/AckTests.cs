namespace Infirmary.Hl7v2.Tests;

public class AckTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 15, 30, TimeSpan.Zero);

    private static Hl7Message Original(string version = "2.5.1", string msh2 = "^~\\&", string extra = "") =>
        Hl7Message.Parse(TestFiles.Message(
            $"MSH|{msh2}|ANALYSER^1.2.3^ISO|LAB-A|LIMS|RX1|20261125101500||ORU^R01^ORU_R01|CTRL\\F\\42|P^T|{version}{extra}",
            "PID|1||123")).Message!;

    private static Hl7Message Reparse(string ack)
    {
        var result = Hl7Message.Parse(ack);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Message;
    }

    [Fact]
    public void GivenMessage_WhenAccepted_ThenAckSwapsPartiesAndEchoesControlId()
    {
        var ack = Hl7Ack.Create(Original(), Hl7AckCode.AA, "ACK-1", Now);

        Assert.Equal(
            "MSH|^~\\&|LIMS|RX1|ANALYSER^1.2.3^ISO|LAB-A|20261125101530+0000||ACK^R01^ACK|ACK-1|P^T|2.5.1\r"
            + "MSA|AA|CTRL\\F\\42\r",
            ack);
        var parsed = Reparse(ack);
        Assert.Equal("CTRL|42", parsed["MSA"][2].Value);
        var info = Hl7Ack.Read(parsed)!;
        Assert.Equal(Hl7AckCode.AA, info.Code);
        Assert.Equal("CTRL|42", info.AcknowledgedControlId);
        Assert.Empty(info.Errors);
    }

    [Fact]
    public void GivenErrors_WhenAckIsAe_ThenOneErrSegmentPerErrorWithLocationCodeAndText()
    {
        var errors = new[]
        {
            new Hl7AckError(Hl7ErrorCodes.RequiredFieldMissing) { SegmentId = "PID", SegmentSequence = 1, FieldPosition = 3, Diagnostic = "PID-3 | empty" },
            new Hl7AckError(Hl7ErrorCodes.DataTypeError)
            {
                SegmentId = "OBX", SegmentSequence = 2, FieldPosition = 5, FieldRepetition = 1, ComponentNumber = 2,
                Severity = Hl7ErrorSeverity.Warning, UserMessage = "check value",
            },
            new Hl7AckError(Hl7ErrorCodes.ApplicationInternalError),
        };

        var ack = Hl7Ack.Create(Original(), Hl7AckCode.AE, "ACK-2", Now, errors);

        var lines = ack.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("MSA|AE|CTRL\\F\\42", lines[1]);
        Assert.Equal("ERR||PID^1^3|101^Required field missing^HL70357|E|||PID-3 \\F\\ empty", lines[2]);
        Assert.Equal("ERR||OBX^2^5^1^2|102^Data type error^HL70357|W||||check value", lines[3]);
        Assert.Equal("ERR|||207^Application internal error^HL70357|E", lines[4]);
        var info = Hl7Ack.Read(Reparse(ack))!;
        Assert.Equal(Hl7AckCode.AE, info.Code);
        Assert.Equal(errors[0] with { }, info.Errors[0]);
        Assert.Equal(errors[1], info.Errors[1]);
        Assert.Equal(207, info.Errors[2].Code);
    }

    [Fact]
    public void GivenV24Message_WhenRejected_ThenErr1CarriesLocationAndMsa3TheText()
    {
        var error = new Hl7AckError(Hl7ErrorCodes.UnsupportedMessageType) { SegmentId = "MSH", SegmentSequence = 1, FieldPosition = 9, Diagnostic = "ORU^R01 not accepted" };
        var ack = Hl7Ack.Create(Original("2.4"), Hl7AckCode.AR, "ACK-3", Now, [error]);

        var lines = ack.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith("|ACK^R01^ACK|ACK-3|P^T|2.4", lines[0], StringComparison.Ordinal);
        Assert.Equal("MSA|AR|CTRL\\F\\42|ORU\\S\\R01 not accepted", lines[1]);
        Assert.Equal("ERR|MSH^1^9^200&Unsupported message type&HL70357", lines[2]);
        var info = Hl7Ack.Read(Reparse(ack))!;
        Assert.Equal(200, Assert.Single(info.Errors).Code);
        Assert.Equal(9, info.Errors[0].FieldPosition);
    }

    [Fact]
    public void GivenV23Message_WhenAcknowledged_ThenMsh9HasNoStructure()
    {
        var ack = Hl7Ack.Create(Original("2.3"), Hl7AckCode.AA, "A", Now);
        Assert.Contains("|ACK^R01|A|", ack, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenOtherDelimitersAndCharset_WhenAcknowledged_ThenAckUsesTheSameOnes()
    {
        var original = Hl7Message.Parse("MSH#$*!@#A#B#C#D#20260101##ORU$R01#X1#P#2.5.1######8859/1\r").Message!;
        var ack = Hl7Ack.Create(original, Hl7AckCode.AA, "Y#1", Now);

        Assert.Equal("MSH#$*!@#C#D#A#B#20261125101530+0000##ACK$R01$ACK#Y!F!1#P#2.5.1######8859/1\rMSA#AA#X1\r", ack);
        Assert.Equal("8859/1", Reparse(ack).Header.CharacterSet);
    }

    [Fact]
    public void GivenTimestampWithOffset_WhenAcknowledged_ThenOffsetIsWritten()
    {
        var ack = Hl7Ack.Create(Original(), Hl7AckCode.AA, "A", new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.FromHours(1)));
        Assert.Contains("|20260701090000+0100|", ack, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenUnparseableInput_WhenNakBuilt_ThenArWithEmptyMsa2AndOurIdentity()
    {
        var error = Hl7Message.Parse("\u0001\u0002garbage").Error!;
        var nak = Hl7Ack.CreateNak(error, "NAK-1", Now, new Hl7NakOptions { SendingApplication = "INFIRMARY", SendingFacility = "RX1" });

        var lines = nak.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("MSH|^~\\&|INFIRMARY|RX1|||20261125101530+0000||ACK^^ACK|NAK-1|P|2.5.1", lines[0]);
        Assert.Equal("MSA|AR|", lines[1]);
        Assert.StartsWith("ERR||MSH^1|100^Segment sequence error^HL70357|E|||a message must begin with MSH", lines[2], StringComparison.Ordinal);
        var info = Hl7Ack.Read(Reparse(nak))!;
        Assert.Equal(Hl7AckCode.AR, info.Code);
        Assert.Equal("", info.AcknowledgedControlId);
    }

    [Fact]
    public void GivenBodyError_WhenNakBuilt_ThenAeAnswersTheSalvagedHeader()
    {
        var error = Hl7Message.Parse(TestFiles.Message(
            "MSH|^~\\&|ANALYSER|LAB-A|LIMS|RX1|20261125101500||ORU^R01|C-9|P|2.5.1", "PID|1", "obx|1")).Error!;
        var nak = Hl7Ack.CreateNak(error, "NAK-2", Now);

        var lines = nak.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("MSH|^~\\&|LIMS|RX1|ANALYSER|LAB-A|20261125101530+0000||ACK^R01^ACK|NAK-2|P|2.5.1", lines[0]);
        Assert.Equal("MSA|AE|C-9", lines[1]);
        Assert.StartsWith("ERR||obx^1|100^Segment sequence error^HL70357|E", lines[2], StringComparison.Ordinal);
        Assert.Equal("C-9", Hl7Ack.Read(Reparse(nak))!.AcknowledgedControlId);
    }

    [Fact]
    public void GivenFieldError_WhenNakBuilt_ThenErr2HasSegmentOccurrenceAndField()
    {
        var error = Hl7Message.Parse(
            TestFiles.Message("MSH|^~\\&|A|B|C|D|20261125||ORU^R01|C-1|P|2.5", "OBX|1", "OBX|2|NM|X||" + new string('9', 50)),
            new Hl7ParseOptions { MaxFieldLength = 20 }).Error!;
        var nak = Hl7Ack.CreateNak(error, "N", Now, new Hl7NakOptions { Code = Hl7AckCode.AR });

        Assert.Contains("MSA|AR|C-1\r", nak, StringComparison.Ordinal);
        Assert.Contains("ERR||OBX^2^5|102^Data type error^HL70357|E", nak, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenNonAck_WhenRead_ThenNull() => Assert.Null(Hl7Ack.Read(Original()));
}
