using Infirmary.Physics.Features;
using Infirmary.Platform.Ui;

namespace Infirmary.Physics.Pages;

/// <summary>How a TG-142 check's due state is written on the worklist and machine pages.</summary>
public static class QaStatus
{
    public static string Text(QaDueItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.State switch
        {
            QaDueState.Overdue when item.NextDue is null => "Overdue (never done)",
            QaDueState.Overdue => $"Overdue since {UkFormat.Date(item.NextDue!.Value)}",
            QaDueState.DueToday => "Due today",
            _ => UkFormat.Date(item.NextDue!.Value),
        };
    }

    public static string TrendUrl(QaDueItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return $"/physics/machines/{item.MachineId}/trend/{item.Check.Code}" + (item.BeamId is { } b ? $"?beam={b}" : string.Empty);
    }
}
