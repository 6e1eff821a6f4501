using Infirmary.Matching.Csv;

namespace Infirmary.Matching.Tests;

public class CsvReaderTests
{
    private static List<CsvRow> Read(string text) => new CsvReader(new StringReader(text)).ReadAll().ToList();

    [Fact]
    public void GivenPlainRows_WhenRead_ThenFieldsAndLineNumbers()
    {
        var rows = Read("a,b,c\n1,2,3\n");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["1", "2", "3"], rows[1].Fields);
        Assert.Equal(2, rows[1].LineNumber);
        Assert.All(rows, r => Assert.False(r.IsMalformed));
    }

    [Fact]
    public void GivenQuotedFields_WhenRead_ThenCommasQuotesAndNewlinesAreData()
    {
        var rows = Read("id,note\r\n1,\"Smith, John\"\r\n2,\"said \"\"hello\"\"\"\r\n3,\"two\r\nlines\"\r\n4,last\r\n");
        Assert.Equal("Smith, John", rows[1].Fields[1]);
        Assert.Equal("said \"hello\"", rows[2].Fields[1]);
        Assert.Equal("two\r\nlines", rows[3].Fields[1]);
        Assert.Equal(4, rows[3].LineNumber);
        Assert.Equal(6, rows[4].LineNumber);
        Assert.Equal(["4", "last"], rows[4].Fields);
    }

    [Fact]
    public void GivenEmptyFieldsAndNoFinalNewline_WhenRead_ThenEmptyStringsKept()
    {
        var rows = Read("a,b,c\n,,\n\"\",x,");
        Assert.Equal(["", "", ""], rows[1].Fields);
        Assert.Equal(["", "x", ""], rows[2].Fields);
    }

    [Fact]
    public void GivenBomBlankLinesAndLoneCarriageReturns_WhenRead_ThenHandled()
    {
        var rows = Read("\uFEFFid,name\n\n1,a\r2,b\n\n");
        Assert.Equal(["id", "name"], rows[0].Fields);
        Assert.Equal(3, rows.Count);
        Assert.Equal(["2", "b"], rows[2].Fields);
        Assert.Equal(4, rows[2].LineNumber);
    }

    [Fact]
    public void GivenStrayQuote_WhenRead_ThenRowFlaggedAndNextRowFine()
    {
        var rows = Read("a,b\n1,ab\"c\n2,ok\n");
        Assert.True(rows[1].IsMalformed);
        Assert.Contains("unexpected quote", rows[1].Error, StringComparison.Ordinal);
        Assert.False(rows[2].IsMalformed);
        Assert.Equal(["2", "ok"], rows[2].Fields);
    }

    [Fact]
    public void GivenTextAfterClosingQuote_WhenRead_ThenRowFlagged()
    {
        var rows = Read("a,b\n1,\"ab\"c\n2,ok\n");
        Assert.True(rows[1].IsMalformed);
        Assert.Contains("after a closing quote", rows[1].Error, StringComparison.Ordinal);
        Assert.Equal(["2", "ok"], rows[2].Fields);
    }

    [Fact]
    public void GivenUnterminatedQuote_WhenRead_ThenLastRowFlaggedWithTheLineItOpenedOn()
    {
        var rows = Read("a,b\n1,ok\n2,\"never closed\n3,x\n");
        Assert.Equal(3, rows.Count);
        Assert.True(rows[2].IsMalformed);
        Assert.Contains("line 3", rows[2].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenEmptyInput_WhenRead_ThenNoRows()
    {
        Assert.Empty(Read(""));
        Assert.Empty(Read("\n\n"));
    }

    [Fact]
    public void GivenValuesNeedingQuotes_WhenWrittenAndReadBack_ThenTheSame()
    {
        var values = new[] { "plain", "with,comma", "with \"quote\"", "two\nlines", "" };
        var writer = new StringWriter();
        CsvWriter.WriteRow(writer, values);
        var rows = Read(writer.ToString());
        Assert.Equal(values, rows.Single().Fields);
    }

    [Fact]
    public void GivenLargeInput_WhenRead_ThenBufferBoundariesDoNotSplitFields()
    {
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i},\"name {i}, quoted\"\n"));
        var rows = Read(text);
        Assert.Equal(20_000, rows.Count);
        Assert.Equal("name 19999, quoted", rows[^1].Fields[1]);
        Assert.Equal(20_000, rows[^1].LineNumber);
    }
}

public class PersonCsvTests
{
    [Fact]
    public void GivenFebrlHeaderWithLeadingSpaces_WhenRead_ThenColumnsRecognisedAndValuesTrimmed()
    {
        var text = "rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id\n"
            + "rec-1-org, kayla, harrington, 38, maltby circuit, coaling, coolaroo, 3465, nsw, 19150612, 9004242\n";
        var result = PersonCsv.Read(new StringReader(text));
        var r = Assert.Single(result.Records);
        Assert.Equal("rec-1-org", r.Id);
        Assert.Equal("kayla", r.GivenNames);
        Assert.Equal("harrington", r.FamilyName);
        Assert.Equal("38", r.HouseNumber);
        Assert.Equal(["maltby circuit", "coaling"], r.AddressLines);
        Assert.Equal("coolaroo", r.Town);
        Assert.Equal("3465", r.Postcode);
        Assert.Equal("nsw", r.Region);
        Assert.Equal(new BirthDate(1915, 6, 12), r.DateOfBirth);
        Assert.Equal("9004242", r.OtherIdentifier);
    }

    [Fact]
    public void GivenExplicitMapAndIdColumn_WhenRead_ThenTheyWin()
    {
        var text = "patient ref,nom,prenom,born,email\nP1,Dupont,Marie,01/02/1980,m@x.org\n";
        var map = new[]
        {
            new KeyValuePair<PersonColumnRole, string>(PersonColumnRole.FamilyName, "nom"),
            new KeyValuePair<PersonColumnRole, string>(PersonColumnRole.GivenName, "prenom"),
            new KeyValuePair<PersonColumnRole, string>(PersonColumnRole.DateOfBirth, "born"),
        };
        var r = Assert.Single(PersonCsv.Read(new StringReader(text), map, "Patient Ref").Records);
        Assert.Equal("P1", r.Id);
        Assert.Equal("Dupont", r.FamilyName);
        Assert.Equal("Marie", r.GivenNames);
        Assert.Equal(new BirthDate(1980, 2, 1), r.DateOfBirth);
        Assert.Equal("m@x.org", r.Email);
    }

    [Fact]
    public void GivenMalformedRows_WhenRead_ThenReportedWithLineNumbersAndSkipped()
    {
        var text = "id,first_name,last_name,dob\n1,Ann,Lee,1990-01-01\n2,Bob\n3,\"Cy\"x,Day,1980-05-05\n,Dee,Fox,1970-01-01\n5,Eve,Gee,1960-06-06\n";
        var problems = new List<CsvProblem>();
        var result = PersonCsv.Read(new StringReader(text), onProblem: problems.Add);
        Assert.Equal(["1", "5"], result.Records.Select(r => r.Id));
        Assert.Equal([3L, 4L, 5L], problems.Select(p => p.LineNumber));
        Assert.Contains("expected 4 fields, found 2", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("id is empty", problems[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenUnknownMappedColumn_WhenRead_ThenClearError()
    {
        var map = new[] { new KeyValuePair<PersonColumnRole, string>(PersonColumnRole.FamilyName, "nope") };
        var e = Assert.Throws<ArgumentException>(() => PersonCsv.Read(new StringReader("id,name\n1,a\n"), map));
        Assert.Contains("'nope'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenNoIdColumn_WhenRead_ThenRecordsNumberedByRow()
    {
        var result = PersonCsv.Read(new StringReader("forename,surname\nA,B\nC,D\n"));
        Assert.Equal(["1", "2"], result.Records.Select(r => r.Id));
    }
}
