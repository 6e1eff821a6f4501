using System.Diagnostics.CodeAnalysis;

namespace Infirmary.Hl7v2;

/// <summary>Either a message or the precise reason there is none. Parsing returns this; it never throws on input.</summary>
public readonly struct Hl7ParseResult
{
    internal Hl7ParseResult(Hl7Message message)
    {
        Message = message;
        Error = null;
    }

    internal Hl7ParseResult(Hl7ParseError error)
    {
        Message = null;
        Error = error;
    }

    public Hl7Message? Message { get; }

    public Hl7ParseError? Error { get; }

    [MemberNotNullWhen(true, nameof(Message))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Message is not null;
}
