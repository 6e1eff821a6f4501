using System.Xml;
using System.Xml.Linq;

namespace Infirmary.Medicines.Dmd;

/// <summary>
/// One record of a dm+d XML file (a <c>VTM</c>, <c>VMP</c>, <c>VPI</c>, <c>AMPP</c>, lookup <c>INFO</c>, …): its leaf
/// fields by element name, any nested groups (the GTIN file's <c>GTINDATA</c>), the group it sits in
/// (<c>VMPS</c>, <c>UNIT_OF_MEASURE</c>) and the line it starts on.
/// </summary>
public sealed record DmdRecord(
    string File,
    int Line,
    string Group,
    string Name,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Nested)
{
    public string? this[string field] => Fields.TryGetValue(field, out var v) && v.Length > 0 ? v : null;
}

/// <summary>A problem with one record (skipped) or with a file (the rest of it skipped), named by file and line.</summary>
public sealed record DmdError(string File, int Line, string Message)
{
    public override string ToString() => $"{File} line {Line}: {Message}";
}

/// <summary>
/// Streams the records of one dm+d release file with <see cref="XmlReader"/>: only one record is held in memory at a
/// time, so a full release (hundreds of thousands of AMPPs) reads in constant memory. A record is an element whose
/// name is in <paramref name="recordNames"/>; XML that is not well-formed ends the file with one error naming the line
/// (records already read stand).
/// </summary>
public static class DmdXml
{
    public static IEnumerable<DmdRecord> Read(TextReader text, string file, IReadOnlySet<string> recordNames, Action<DmdError> onError)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            IgnoreProcessingInstructions = true,
        };
        using var reader = XmlReader.Create(text, settings);
        var info = (IXmlLineInfo)reader;
        var parents = new Stack<string>();
        var advance = true;
        while (true)
        {
            DmdRecord? record = null;
            var line = info.LineNumber;
            try
            {
                if (advance && !reader.Read())
                {
                    yield break;
                }

                advance = true;
                line = info.LineNumber;
                if (reader.NodeType == XmlNodeType.Element && recordNames.Contains(reader.LocalName))
                {
                    var group = parents.Count > 0 ? parents.Peek() : string.Empty;
                    var element = (XElement)XNode.ReadFrom(reader);
                    advance = false; // ReadFrom leaves the reader on the node after the record.
                    record = ToRecord(file, line, group, element);
                }
                else if (reader.NodeType == XmlNodeType.Element && !reader.IsEmptyElement)
                {
                    parents.Push(reader.LocalName);
                }
                else if (reader.NodeType == XmlNodeType.EndElement && parents.Count > 0)
                {
                    parents.Pop();
                }
            }
            catch (XmlException e)
            {
                onError(new DmdError(file, e.LineNumber > 0 ? e.LineNumber : line, $"XML is not well-formed ({e.Message}); the rest of this file was skipped"));
                yield break;
            }

            if (record is not null)
            {
                yield return record;
            }
        }
    }

    private static DmdRecord ToRecord(string file, int line, string group, XElement element)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var nested = new List<IReadOnlyDictionary<string, string>>();
        foreach (var child in element.Elements())
        {
            if (child.HasElements)
            {
                nested.Add(child.Elements().GroupBy(c => c.Name.LocalName)
                    .ToDictionary(g => g.Key, g => g.First().Value.Trim(), StringComparer.Ordinal));
            }
            else
            {
                fields.TryAdd(child.Name.LocalName, child.Value.Trim());
            }
        }

        return new DmdRecord(file, line, group, element.Name.LocalName, fields, nested);
    }
}
