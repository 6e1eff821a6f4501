using System.Globalization;
using Infirmary.Platform.Ui;
using Infirmary.Scheduling.Domain;

namespace Infirmary.Scheduling.Pages;

/// <summary>How scheduling pages write things: 25-Nov-2026, 09:20 (Europe/London), "Follow-up".</summary>
public static class SchedulingFormat
{
    public static string Time(DateTime utc) => LondonTime.ToLocal(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Date(DateTime utc) => UkFormat.Date(LondonTime.LocalDate(utc));

    public static string DateAndTime(DateTime utc) => UkFormat.DateTime(utc);

    public static string Day(DateTime utc) => LondonTime.ToLocal(utc).ToString("ddd dd-MMM-yyyy", CultureInfo.InvariantCulture);

    public static string Type(SlotType type) => type switch
    {
        SlotType.New => "New",
        SlotType.FollowUp => "Follow-up",
        SlotType.Urgent => "Urgent",
        SlotType.Telephone => "Telephone",
        SlotType.Video => "Video",
        _ => type.ToString(),
    };

    public static string Status(AppointmentStatus status) => status switch
    {
        AppointmentStatus.Booked => "Booked",
        AppointmentStatus.Cancelled => "Cancelled",
        AppointmentStatus.Arrived => "Arrived",
        AppointmentStatus.Seen => "Seen",
        AppointmentStatus.DidNotAttend => "Did not attend",
        AppointmentStatus.Left => "Left before being seen",
        _ => status.ToString(),
    };

    public static string Mobility(Mobility mobility) => mobility switch
    {
        Domain.Mobility.Walking => "Walking",
        Domain.Mobility.Walker => "Walking frame",
        Domain.Mobility.Wheelchair => "Wheelchair",
        _ => "Stretcher",
    };

    /// <summary>"12 min", "1 h 05 min".</summary>
    public static string Minutes(TimeSpan span)
    {
        var total = Math.Max(0, (int)span.TotalMinutes);
        return total < 60 ? $"{total} min" : $"{total / 60} h {total % 60:D2} min";
    }
}
