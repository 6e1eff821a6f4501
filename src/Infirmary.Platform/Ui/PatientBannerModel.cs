namespace Infirmary.Platform.Ui;

/// <summary>What every module's patient pages show at the top. Built by the Patients module's public surface.</summary>
public sealed record PatientBannerModel(
    Guid PatientId,
    string DisplayName,
    string? NhsNumber,
    DateOnly? BirthDate,
    string Sex,
    IReadOnlyList<string> Flags,
    string? HospitalNumber = null);
