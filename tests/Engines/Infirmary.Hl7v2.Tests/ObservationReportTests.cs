using Infirmary.Hl7v2.Results;

namespace Infirmary.Hl7v2.Tests;

public class ObservationReportTests
{
    private static ObservationReport Read(string type, params string[] segments)
    {
        var text = TestFiles.Message([$"MSH|^~\\&|LIMS|RX1|EPR|RX1|20261125101500||{type}|C1|P|2.5.1", .. segments]);
        var result = Hl7Message.Parse(text);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return ObservationReport.Read(result.Message);
    }

    [Fact]
    public void GivenUkMessage_WhenRead_ThenNhsNumberNotesAndOrcFallbackAreAvailable()
    {
        var report = Read("ORU^R01^ORU_R01",
            "PID|1||9434765919^^^NHS^NH~H123456^^^RX1^MR||SMITH^JANE^A||19800101|F",
            "PV1|1|I|WARD1",
            "ORC|RE|PL-77|FL-88",
            "OBR|1|||U\\T\\E^Urea and electrolytes^LOCAL|||20261125080000|||||||20261125083000||||||||20261125100000|||F",
            "NTE|1||Sample slightly haemolysed",
            "OBX|1|NM|2951-2^Sodium^LN||139|mmol/L^^UCUM|133-146||||F|||20261125090000||||AU5800^Beckman|20261125091500",
            "NTE|1||Repeat\\.br\\confirmed",
            "OBX|2|NM|2823-3^Potassium^LN||6.8|mmol/L|3.5-5.3|HH~A|||F",
            "OBX|3|CWE|664-3^Gram stain^LN||GPC^Gram positive cocci^L||||||F",
            "OBX|4|TX|X^Comment^L||line one~line two||||||F",
            "OBX|5|SN|Y^Titre^L||^1^:^128||||||F",
            "OBX|6|SN|Z^eGFR^L||>^90|mL/min/1.73m2|||||F");

        Assert.Empty(report.Issues);
        Assert.Equal("9434765919", report.Patient!.NhsNumber!.Value);
        var order = Assert.Single(report.Orders);
        Assert.Equal("PL-77", order.PlacerOrderNumber);
        Assert.Equal("FL-88", order.FillerOrderNumber);
        Assert.Equal("U&E", order.Service.Identifier);
        Assert.Equal("F", order.ResultStatus);
        Assert.Equal(new DateTime(2026, 11, 25, 8, 30, 0), order.SpecimenReceivedAt!.Value.Value);
        Assert.Equal(new DateTime(2026, 11, 25, 10, 0, 0), order.ReportedAt!.Value.Value);
        Assert.Equal(["Sample slightly haemolysed"], order.Notes);

        var sodium = order.Observations[0];
        Assert.Equal(139m, sodium.NumericValue);
        Assert.Equal("mmol/L", sodium.Units.Identifier);
        Assert.Equal("UCUM", sodium.Units.CodingSystem);
        Assert.Equal("133-146", sodium.ReferenceRange);
        Assert.Equal("AU5800", sodium.EquipmentInstanceId);
        Assert.Equal(new DateTime(2026, 11, 25, 9, 15, 0), sodium.AnalysedAt!.Value.Value);
        Assert.Equal(["Repeat\\.br\\confirmed"], sodium.Notes);

        Assert.Equal(["HH", "A"], order.Observations[1].AbnormalFlags);
        Assert.Equal("Gram positive cocci", order.Observations[2].Value);
        Assert.Equal("GPC", order.Observations[2].CodedValue!.Identifier);
        Assert.Equal("line one\nline two", order.Observations[3].Value);
        Assert.Equal("1:128", order.Observations[4].Value);
        Assert.Null(order.Observations[4].NumericValue);
        Assert.Equal(">90", order.Observations[5].Value);
        Assert.Equal(">", order.Observations[5].StructuredValue!.Comparator);
        Assert.Null(order.Observations[5].NumericValue);
    }

    [Fact]
    public void GivenObxBeforeAnyObr_WhenRead_ThenItIsAnIssueAndNotFiled()
    {
        var report = Read("ORU^R01", "PID|1||123", "OBX|1|NM|A^B^LN||1", "SPM|1|S1", "OBR|1|P1", "OBX|1|NM|C^D^LN||2", "ORC|RE|X");

        Assert.Equal([3, 4, 7], report.Issues.Select(i => i.SegmentOrdinal));
        Assert.Equal(["OBX", "SPM", "ORC"], report.Issues.Select(i => i.SegmentId));
        var order = Assert.Single(report.Orders);
        Assert.Equal("C", Assert.Single(order.Observations).Code.Identifier);
        Assert.Single(report.Observations);
    }

    [Fact]
    public void GivenSeveralPatients_WhenRead_ThenEachHasItsOwnOrders()
    {
        var report = Read("ORU^R01", "PID|1||A", "OBR|1|P1", "OBX|1|NM|X||1", "PID|2||B", "OBR|1|P2", "OBX|1|NM|X||2", "OBR|2|P3");

        Assert.Equal(2, report.Groups.Count);
        Assert.Equal("A", report.Groups[0].Patient!.Identifiers[0].Value);
        Assert.Equal(["P2", "P3"], report.Groups[1].Orders.Select(o => o.PlacerOrderNumber));
        Assert.Equal(3, report.Orders.Count());
    }

    [Fact]
    public void GivenSpecimenObservations_WhenRead_ThenTheyStayWithTheSpecimen()
    {
        var report = Read("ORU^R01", "PID|1||A", "OBR|1|P1", "OBX|1|NM|X||1", "SPM|1|BC123^F456||SER", "OBX|1|CWE|Haem^Haemolysis^L||2+");

        var order = Assert.Single(report.Orders);
        Assert.Single(order.Observations);
        var specimen = Assert.Single(order.Specimens);
        Assert.Equal("BC123", specimen.PlacerSpecimenId);
        Assert.Equal("F456", specimen.FillerSpecimenId);
        Assert.Equal("Haem", Assert.Single(specimen.Observations).Code.Identifier);
        Assert.Equal(2, report.Observations.Count());
    }

    [Fact]
    public void GivenOulR22_WhenRead_ThenOrdersHangFromTheirSpecimen()
    {
        var report = Read("OUL^R22^OUL_R22", "PID|1||A", "SPM|1|BC1||SER", "OBX|1|NM|Vol^Volume^L||5|mL",
            "OBR|1|P1|F1|GLU", "OBX|1|NM|GLU||5.5", "SPM|2|BC2||BLD", "OBR|1|P2|F2|HB", "OBX|1|NM|HB||130");

        Assert.Empty(report.Issues);
        var orders = report.Orders.ToList();
        Assert.Equal(2, orders.Count);
        Assert.Equal("BC1", Assert.Single(orders[0].Specimens).PlacerSpecimenId);
        Assert.Equal("Vol", Assert.Single(orders[0].Specimens[0].Observations).Code.Identifier);
        Assert.Equal("GLU", Assert.Single(orders[0].Observations).Code.Identifier);
        Assert.Equal("BC2", Assert.Single(orders[1].Specimens).PlacerSpecimenId);
        Assert.Equal(130m, Assert.Single(orders[1].Observations).NumericValue);
    }

    [Fact]
    public void GivenNonResultMessage_WhenRead_ThenIssueIsReported()
    {
        var report = Read("ADT^A04", "PID|1||A");
        Assert.Contains(report.Issues, i => i.SegmentId == "MSH");
        Assert.Empty(report.Orders);
    }
}
