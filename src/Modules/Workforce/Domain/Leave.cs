namespace Infirmary.Workforce.Domain;

public static class LeaveKinds
{
    public const string Annual = "annual";
    public const string Sickness = "sickness";
    public const string Study = "study";

    public static readonly IReadOnlyList<string> All = [Annual, Sickness, Study];

    public static string Label(string kind) => kind switch
    {
        Annual => "Annual leave",
        Sickness => "Sickness",
        Study => "Study leave",
        _ => kind,
    };
}

public static class RequestStatus
{
    public const string Requested = "requested";
    public const string Approved = "approved";
    public const string Declined = "declined";
}

/// <summary>Leave from <see cref="FirstDay"/> to <see cref="LastDay"/> inclusive. Approved leave is a day off the rota must keep.</summary>
public sealed class LeaveRequest
{
    public Guid Id { get; set; }

    public int Version { get; set; } = 1;

    public Guid StaffMemberId { get; set; }

    public required string Kind { get; set; }

    public DateOnly FirstDay { get; set; }

    public DateOnly LastDay { get; set; }

    public string Status { get; set; } = RequestStatus.Requested;

    public string? Note { get; set; }

    public DateTime RequestedAt { get; set; }

    public string? DecidedBy { get; set; }

    public DateTime? DecidedAt { get; set; }

    public int Days => LastDay.DayNumber - FirstDay.DayNumber + 1;
}

/// <summary>A wish to work (<see cref="On"/>) or not to work a shift (or any shift, when no code) on a day.</summary>
public sealed class ShiftPreference
{
    public Guid Id { get; set; }

    public Guid StaffMemberId { get; set; }

    public DateOnly Date { get; set; }

    public string? ShiftCode { get; set; }

    public bool On { get; set; }

    /// <summary>1 (nice to have) to 3 (important); the solver weighs refusals by it.</summary>
    public int Priority { get; set; } = 1;
}
