namespace Infirmary.Rostering.Benchmark;

/// <summary>A malformed benchmark or solution file; the message names the file, line and section.</summary>
public sealed class InstanceFormatException : FormatException
{
    public InstanceFormatException()
    {
    }

    public InstanceFormatException(string message)
        : base(message)
    {
    }

    public InstanceFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InstanceFormatException(string source, int line, string? section, string problem)
        : base($"{source}: line {line}{(section is null ? string.Empty : $" ({section})")}: {problem}")
    {
        Source = source;
        Line = line;
        Section = section;
    }

    /// <summary>Line number, from 1.</summary>
    public int Line { get; }

    /// <summary>The SECTION_ the line belongs to, or null before the first section.</summary>
    public string? Section { get; }
}
