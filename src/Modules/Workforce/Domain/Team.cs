namespace Infirmary.Workforce.Domain;

/// <summary>A ward or team that is rostered as one unit, with its shift patterns and cover rules.</summary>
public sealed class Team
{
    public Guid Id { get; set; }

    /// <summary>Short unique code, e.g. "W7B".</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public List<ShiftDefinition> Shifts { get; set; } = [];

    public List<CoverRule> Cover { get; set; } = [];
}

/// <summary>A shift the team works: an early, late or night, at a local (Europe/London) start time.</summary>
public sealed class ShiftDefinition
{
    public Guid Id { get; set; }

    public Guid TeamId { get; set; }

    /// <summary>One- or two-letter code shown in the rota grid ("E", "L", "N").</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>Minutes after local midnight.</summary>
    public int StartMinute { get; set; }

    public int LengthMinutes { get; set; }

    public bool IsNight { get; set; }

    /// <summary>Codes of shifts that may not be worked the day after this one, comma-separated (e.g. a night then an early).</summary>
    public string ForbiddenFollowers { get; set; } = string.Empty;
}

/// <summary>
/// How many people a shift needs. <see cref="Minimum"/> is a hard rule (the rota is unsafe below it);
/// <see cref="Preferred"/> is what the solver aims for. With a <see cref="Skill"/>, only staff holding that skill (in
/// date) count — e.g. at least two registered nurses on every shift.
/// </summary>
public sealed class CoverRule
{
    public Guid Id { get; set; }

    public Guid TeamId { get; set; }

    public required string ShiftCode { get; set; }

    /// <summary>Applies on this day of the week only; null for every day.</summary>
    public DayOfWeek? Day { get; set; }

    public string? Skill { get; set; }

    public int Minimum { get; set; }

    public int Preferred { get; set; }
}
