using System.Globalization;
using Infirmary.Physics.Domain;

namespace Infirmary.Physics.Pages;

/// <summary>What the MU check form posts; numbers as text so a slip is reported against its field.</summary>
public sealed class MuCheckForm
{
    public string? PatientId { get; set; }

    public string? Machine { get; set; }

    public string? BeamEnergy { get; set; }

    public string SetUp { get; set; } = "SSD";

    public string? ReferenceDoseRateCGyPerMu { get; set; } = "1.000";

    public string? ReferenceDepthCm { get; set; }

    public string? ReferenceSsdCm { get; set; } = "100";

    public string? SadCm { get; set; } = "100";

    public string? ScTable { get; set; }

    public string? SpTable { get; set; }

    public string? DepthTable { get; set; }

    public string? DoseCGy { get; set; }

    public string? FieldXCm { get; set; }

    public string? FieldYCm { get; set; }

    public string? DepthCm { get; set; }

    public string? SsdCm { get; set; }

    public string? PlanningSystemMu { get; set; }

    public string? WedgeFactor { get; set; } = "1.000";

    public string? TrayFactor { get; set; } = "1.000";

    public string? ActionLevelPercent { get; set; } = "3";

    public string? OffAxisCm { get; set; } = "0";

    public string? OffAxisTable { get; set; }

    /// <summary>A stored beam (ADR 0090); when chosen, the machine-data fields below are not used.</summary>
    public string? BeamId { get; set; }

    public string? Wedge { get; set; }

    public string? Tray { get; set; }

    public (MuCheckInputs Inputs, Dictionary<string, string[]> Errors) ToInputs()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        double? Num(string? text, string field, string label) => FormNumbers.Parse(text, field, label, errors);

        Guid? patient = null;
        if (!string.IsNullOrWhiteSpace(PatientId))
        {
            if (Guid.TryParse(PatientId.Trim(), out var g))
            {
                patient = g;
            }
            else
            {
                errors["patientId"] = ["The patient id is not in the right form; open the MU check from the patient's record"];
            }
        }

        Guid? beam = null;
        if (!string.IsNullOrWhiteSpace(BeamId))
        {
            if (Guid.TryParse(BeamId.Trim(), out var b))
            {
                beam = b;
            }
            else
            {
                errors["beamId"] = ["Choose a beam from the list"];
            }
        }

        var inputs = new MuCheckInputs
        {
            PatientId = patient, Machine = Machine, BeamEnergy = BeamEnergy, SetUp = SetUp,
            ReferenceDoseRateCGyPerMu = Num(ReferenceDoseRateCGyPerMu, "referenceDoseRateCGyPerMu", "The reference dose rate"),
            ReferenceDepthCm = Num(ReferenceDepthCm, "referenceDepthCm", "The reference depth"),
            ReferenceSsdCm = Num(ReferenceSsdCm, "referenceSsdCm", "The reference SSD"),
            SadCm = Num(SadCm, "sadCm", "The SAD"),
            ScTable = ScTable, SpTable = SpTable, DepthTable = DepthTable,
            DoseCGy = Num(DoseCGy, "doseCGy", "The dose"),
            FieldXCm = Num(FieldXCm, "fieldXCm", "The field width X"),
            FieldYCm = Num(FieldYCm, "fieldYCm", "The field length Y"),
            DepthCm = Num(DepthCm, "depthCm", "The depth"),
            SsdCm = Num(SsdCm, "ssdCm", "The SSD"),
            PlanningSystemMu = Num(PlanningSystemMu, "planningSystemMu", "The planning system MU"),
            WedgeFactor = Num(WedgeFactor, "wedgeFactor", "The wedge factor"),
            TrayFactor = Num(TrayFactor, "trayFactor", "The tray factor"),
            ActionLevelPercent = Num(ActionLevelPercent, "actionLevelPercent", "The action level"),
            OffAxisCm = Num(OffAxisCm, "offAxisCm", "The off-axis distance"),
            OffAxisTable = OffAxisTable,
            BeamId = beam, Wedge = Wedge, Tray = Tray,
        };
        if (beam is not null)
        {
            // The stored beam's data replace whatever the machine-data fields hold.
            inputs = inputs with
            {
                ReferenceDoseRateCGyPerMu = null, ReferenceDepthCm = null, ReferenceSsdCm = null, SadCm = null, ScTable = null, SpTable = null, DepthTable = null, OffAxisTable = null,
                WedgeFactor = string.IsNullOrWhiteSpace(Wedge) ? inputs.WedgeFactor : null,
                TrayFactor = string.IsNullOrWhiteSpace(Tray) ? inputs.TrayFactor : null,
            };
            foreach (var f in new[] { "referenceDoseRateCGyPerMu", "referenceDepthCm", "referenceSsdCm", "sadCm" })
            {
                errors.Remove(f);
            }
        }

        return (inputs, errors);
    }
}
