namespace Infirmary.Workforce.Domain;

/// <summary>A member of staff as the rota sees them: contract, skills, team and the login they use.</summary>
public sealed class StaffMember
{
    public Guid Id { get; set; }

    public int Version { get; set; } = 1;

    /// <summary>The staff login (user name) this record belongs to, so people see their own shifts; unique when set.</summary>
    public string? UserName { get; set; }

    public required string Name { get; set; }

    /// <summary>Job, e.g. "Staff nurse", "Healthcare assistant".</summary>
    public required string JobRole { get; set; }

    /// <summary>Agenda for Change band, e.g. "Band 5".</summary>
    public required string Band { get; set; }

    public Guid TeamId { get; set; }

    /// <summary>Contracted minutes per week (37.5 hours = 2,250).</summary>
    public int ContractedMinutesPerWeek { get; set; }

    /// <summary>Annual leave entitlement in days for the leave year.</summary>
    public int AnnualLeaveDays { get; set; }

    /// <summary>Signed the Working Time Regulations opt-out of the 48-hour average week.</summary>
    public bool OptedOutOf48Hours { get; set; }

    public int MaxNightsPerFourWeeks { get; set; } = 8;

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public bool Active { get; set; } = true;

    public List<StaffSkill> Skills { get; set; } = [];
}

/// <summary>A skill or competency, valid until <see cref="ExpiresOn"/> (e.g. IV therapy, Immediate Life Support).</summary>
public sealed class StaffSkill
{
    public Guid Id { get; set; }

    public Guid StaffMemberId { get; set; }

    public required string Skill { get; set; }

    public DateOnly? ExpiresOn { get; set; }

    public bool ValidOn(DateOnly day) => ExpiresOn is null || ExpiresOn.Value >= day;
}
