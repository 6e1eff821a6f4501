using System.Text;

namespace Infirmary.Hl7v2;

/// <summary>
/// Limits that bound the parser's work on hostile input, and what it insists on. The defaults suit laboratory
/// traffic: a 4 MiB message allows embedded reports, while a field of one million characters, a thousand fields
/// or a thousand repetitions is already far beyond any real analyser message.
/// </summary>
public sealed record Hl7ParseOptions
{
    public static Hl7ParseOptions Default { get; } = new();

    /// <summary>Longest accepted input, in characters (text) or bytes (byte input). Default 4 MiB.</summary>
    public int MaxMessageLength { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most segments in one message. Default 10,000.</summary>
    public int MaxSegments { get; init; } = 10_000;

    /// <summary>Highest field number in one segment. Default 1,000.</summary>
    public int MaxFieldsPerSegment { get; init; } = 1_000;

    /// <summary>Most repetitions in one field. Default 1,000.</summary>
    public int MaxRepetitionsPerField { get; init; } = 1_000;

    /// <summary>Longest field, in characters. Default 1 MiB.</summary>
    public int MaxFieldLength { get; init; } = 1024 * 1024;

    /// <summary>
    /// When true (the default), a message whose MSH-9.1 (message code), MSH-10 (control id), MSH-11 (processing id)
    /// or MSH-12 (version) is empty does not parse: all four are required by every HL7 v2 version.
    /// </summary>
    public bool RequireHeaderFields { get; init; } = true;

    /// <summary>Character set for byte input whose MSH-18 is empty. Default UTF-8 (strict: invalid bytes are an error).</summary>
    public Encoding DefaultEncoding { get; init; } = Hl7Charset.Utf8;
}
