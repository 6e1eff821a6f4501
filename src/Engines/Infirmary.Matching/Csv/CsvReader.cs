using System.Text;

namespace Infirmary.Matching.Csv;

/// <summary>One record of a CSV file: its fields, the line it starts on, and what was wrong with it, if anything.</summary>
public sealed record CsvRow(long LineNumber, IReadOnlyList<string> Fields, string? Error)
{
    public bool IsMalformed => Error is not null;
}

/// <summary>
/// A streaming RFC 4180 reader: fields separated by commas, records by CRLF or LF (a lone CR is accepted too),
/// fields optionally enclosed in double quotes, inside which commas, line breaks and doubled quotes ("") are
/// data. Lenient where RFC 4180 is strict but the intent is clear, and explicit otherwise: a quote inside an
/// unquoted field, or text after a closing quote, is kept as data but the row is flagged with an error; a
/// quoted field still open at the end of the input is flagged too. Blank lines are skipped. The reader never
/// throws on malformed input, so a caller can report the row (with its line number) and go on.
/// </summary>
public sealed class CsvReader : IDisposable
{
    private readonly TextReader reader;
    private readonly char delimiter;
    private readonly char[] buffer = new char[1 << 16];
    private readonly StringBuilder field = new();
    private int position;
    private int length;
    private long line = 1;
    private bool first = true;

    public CsvReader(TextReader reader, char delimiter = ',')
    {
        this.reader = reader;
        this.delimiter = delimiter;
    }

    /// <summary>The line the reader has reached (1-based).</summary>
    public long CurrentLine => line;

    public void Dispose() => reader.Dispose();

    public IEnumerable<CsvRow> ReadAll()
    {
        while (Read() is { } row)
        {
            yield return row;
        }
    }

    /// <summary>The next record, or null at the end of the input.</summary>
    public CsvRow? Read()
    {
        while (true)
        {
            if (!Fill())
            {
                return null;
            }

            var c = buffer[position];
            if (c is '\n' or '\r')
            {
                // A blank line: no record.
                ConsumeNewline();
                continue;
            }

            break;
        }

        var startLine = line;
        var fields = new List<string>();
        string? error = null;
        while (true)
        {
            var (endOfRecord, fieldError) = ReadField(startLine);
            fields.Add(field.ToString());
            error ??= fieldError;
            if (endOfRecord)
            {
                break;
            }
        }

        return new CsvRow(startLine, fields, error);
    }

    /// <returns>Whether the field ended the record, and an error if the field was malformed.</returns>
    private (bool EndOfRecord, string? Error) ReadField(long recordLine)
    {
        field.Clear();
        string? error = null;
        if (!Fill())
        {
            return (true, null);
        }

        if (first && buffer[position] == '\uFEFF')
        {
            position++;
        }

        first = false;
        if (Fill() && buffer[position] == '"')
        {
            position++;
            var openedOn = line;
            while (true)
            {
                if (!Fill())
                {
                    return (true, $"quoted field opened on line {openedOn} is not closed before the end of the file");
                }

                var c = buffer[position++];
                if (c == '"')
                {
                    if (Fill() && buffer[position] == '"')
                    {
                        field.Append('"');
                        position++;
                        continue;
                    }

                    break;
                }

                if (c == '\n' || (c == '\r' && !(Fill() && buffer[position] == '\n')))
                {
                    line++;
                }

                field.Append(c);
            }

            // After the closing quote only a delimiter or the end of the record may follow.
            while (Fill())
            {
                var c = buffer[position];
                if (c == delimiter)
                {
                    position++;
                    return (false, error);
                }

                if (c is '\n' or '\r')
                {
                    ConsumeNewline();
                    return (true, error);
                }

                error ??= $"unexpected character '{c}' after a closing quote on line {line}";
                field.Append(c);
                position++;
            }

            return (true, error);
        }

        while (Fill())
        {
            var c = buffer[position];
            if (c == delimiter)
            {
                position++;
                return (false, error);
            }

            if (c is '\n' or '\r')
            {
                ConsumeNewline();
                return (true, error);
            }

            if (c == '"')
            {
                error ??= $"unexpected quote in an unquoted field on line {line}";
            }

            field.Append(c);
            position++;
        }

        return (true, error);
    }

    private void ConsumeNewline()
    {
        if (buffer[position] == '\r')
        {
            position++;
            if (Fill() && buffer[position] == '\n')
            {
                position++;
            }
        }
        else
        {
            position++;
        }

        line++;
    }

    private bool Fill()
    {
        if (position < length)
        {
            return true;
        }

        length = reader.Read(buffer, 0, buffer.Length);
        position = 0;
        return length > 0;
    }
}

/// <summary>
/// Writes RFC 4180 CSV: fields quoted only when they hold a comma, quote or line break. Lines end with LF
/// (RFC 4180 says CRLF; LF is what Unix tools expect and every CSV reader, this one included, accepts).
/// </summary>
public static class CsvWriter
{
    public static void WriteRow(TextWriter writer, params ReadOnlySpan<string> fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            WriteField(writer, fields[i]);
        }

        writer.Write('\n');
    }

    public static void WriteField(TextWriter writer, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
