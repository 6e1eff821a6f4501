using System.Text;
using Infirmary.Hl7v2.Results;

namespace Infirmary.Hl7v2.Tests;

/// <summary>
/// The two development samples (see TestData/Samples/SOURCE.md): US-flavoured and imperfect on purpose, with LF
/// separators. On the wire they come with CR; both are tested.
/// </summary>
public class SampleMessageTests
{
    public static TheoryData<string, string> SamplesAndSeparators()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in new[] { "LAB-ORU-1.hl7", "ORU-R01-RMGEAD.hl7" })
        {
            foreach (var separator in new[] { "\n", "\r", "\r\n" })
            {
                data.Add(name, separator);
            }
        }

        return data;
    }

    private static Hl7Message Load(string name, string separator = "\n")
    {
        var text = TestFiles.Sample(name).Replace("\n", separator, StringComparison.Ordinal);
        var result = Hl7Message.Parse(Encoding.UTF8.GetBytes(text));
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Message;
    }

    [Theory]
    [MemberData(nameof(SamplesAndSeparators))]
    public void GivenSample_WhenParsedWithAnySeparator_ThenEverySegmentIsRead(string name, string separator)
    {
        var message = Load(name, separator);
        var expected = TestFiles.Sample(name).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.Equal(expected, message.SegmentCount);
        Assert.Equal(new Hl7MessageType("ORU", "R01", ""), message.MessageType);
    }

    [Fact]
    public void GivenLabOru1_WhenHeaderRead_ThenValuesMatchTheFile()
    {
        var message = Load("LAB-ORU-1.hl7");
        Assert.Equal("SomeSystem", message.Msh[3].Value);
        Assert.Equal("TransformationAgent", message.Msh[5].Value);
        Assert.Equal("182", message.ControlId);
        Assert.Equal("T", message.ProcessingId);
        Assert.Equal("2.5", message.Version);
        Assert.Equal("10006579", message["PID"][3].Value);
        Assert.Equal("DUCK", message["PID"][5].Component(1).Value);
        Assert.Equal(2, message.CountSegments("OBR"));
        Assert.Equal(10, message.CountSegments("OBX"));
        Assert.Equal(2, message.CountSegments("SPM"));
    }

    [Fact]
    public void GivenLabOru1_WhenResultsRead_ThenOrdersObservationsAndSpecimensAreGrouped()
    {
        var report = ObservationReport.Read(Load("LAB-ORU-1.hl7"));

        Assert.Empty(report.Issues);
        var patient = Assert.IsType<PatientIdentity>(report.Patient);
        Assert.Equal("10006579", patient.Identifiers[0].Value);
        Assert.Equal("MR", patient.Identifiers[0].TypeCode);
        Assert.Equal("DUCK", patient.Name.Family);
        Assert.Equal("DONALD", patient.Name.Given);
        Assert.Equal(new DateTime(1924, 10, 10), patient.DateOfBirth!.Value.Value);
        Assert.Equal("M", patient.Sex);
        Assert.Null(patient.NhsNumber);

        var orders = report.Orders.ToList();
        Assert.Equal(2, orders.Count);
        var hemogram = orders[0];
        Assert.Equal("88502218", hemogram.PlacerOrderNumber);
        Assert.Equal("82503246", hemogram.FillerOrderNumber);
        Assert.Equal(new CodedValue("24317-0", "Hemogram and platelet count, automated", "LN"), hemogram.Service);
        Assert.Equal(5, hemogram.Observations.Count);
        var specimen = Assert.Single(hemogram.Specimens);
        Assert.Equal("SpecimenID", specimen.PlacerSpecimenId);
        Assert.Equal("BLD", specimen.Type.Identifier);
        Assert.Equal(new DateTime(2014, 10, 6, 5, 35, 0), specimen.CollectedAt!.Value.Value);
        Assert.Equal(new DateTime(2014, 10, 6, 8, 21, 0), specimen.ReceivedAt!.Value.Value);

        // Imperfect on purpose: OBX-5 empty with status I (result pending).
        var leukocytes = hemogram.Observations[0];
        Assert.Equal("11156-7", leukocytes.Code.Identifier);
        Assert.Equal("LEUKOCYTES", leukocytes.Code.Text);
        Assert.Equal("LN", leukocytes.Code.CodingSystem);
        Assert.Equal("NM", leukocytes.ValueType);
        Assert.Equal("", leukocytes.Value);
        Assert.Null(leukocytes.NumericValue);
        Assert.Equal("I", leukocytes.Status);

        var erythrocytes = hemogram.Observations[1];
        Assert.Equal(4.06m, erythrocytes.NumericValue);
        Assert.Equal("tera.l-1", erythrocytes.Units.Identifier);
        Assert.Equal(["N"], erythrocytes.AbnormalFlags);
        Assert.Equal("P", erythrocytes.Status);
        Assert.Equal(new DateTime(2014, 10, 6, 6, 27, 0), erythrocytes.ObservedAt!.Value.Value);

        var differential = orders[1];
        Assert.Equal("26464-8", differential.Service.Identifier);
        Assert.Equal([72m, 2m, 20m, 6m, 0m], differential.Observations.Select(o => o.NumericValue!.Value));
        Assert.Single(differential.Specimens);
        Assert.Equal(10, report.Observations.Count());
    }

    [Fact]
    public void GivenRmgead_WhenResultsRead_ThenStructuredNumericAndOddRangeAreKept()
    {
        var report = ObservationReport.Read(Load("ORU-R01-RMGEAD.hl7"));

        Assert.Empty(report.Issues);
        Assert.Equal("555-44-4444", report.Patient!.Identifiers[0].Value);
        Assert.Equal("EVERYWOMAN", report.Patient.Name.Family);
        var order = Assert.Single(report.Orders);
        Assert.Equal("845439", order.PlacerOrderNumber);
        Assert.Equal("1045813", order.FillerOrderNumber);
        Assert.Equal("15545", order.Service.Identifier);
        Assert.Equal("GLUCOSE", order.Service.Text);
        var glucose = Assert.Single(order.Observations);

        // SN value "^182": no comparator, number 182.
        Assert.Equal("SN", glucose.ValueType);
        Assert.Equal("^182", glucose.RawValue);
        Assert.Equal("182", glucose.Value);
        Assert.Equal(182m, glucose.NumericValue);
        Assert.Equal(new StructuredNumeric("", 182m, "", null), glucose.StructuredValue);
        Assert.Equal("mg/dl", glucose.Units.Identifier);
        Assert.Equal("70_105", glucose.ReferenceRange);
        Assert.Equal(["H"], glucose.AbnormalFlags);
        Assert.Equal("F", glucose.Status);
        Assert.Equal("POST 12H CFST:MCNC:PT:SER/PLAS:QN", glucose.Code.CodingSystem);
    }

    [Fact]
    public void GivenSample_WhenAcknowledged_ThenAckReparsesAndEchoesControlId()
    {
        var message = Load("ORU-R01-RMGEAD.hl7");
        var ack = Hl7Ack.Create(message, Hl7AckCode.AA, "ACK1", new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var parsed = Hl7Message.Parse(ack);
        Assert.True(parsed.IsSuccess, parsed.Error?.ToString());
        Assert.Equal("CNTRL-3456", parsed.Message["MSA"][2].Value);
        Assert.Equal("GHH OE", parsed.Message.Msh[3].Value);
        Assert.Equal("GHH LAB", parsed.Message.Msh[5].Value);
    }
}
