using Infirmary.Patients.Features;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Infirmary.Web.Platform;

/// <summary>
/// The demo hospital: one member of staff per role (all with <see cref="DemoPassword"/>), the administrator with
/// TOTP secret <see cref="DemoAdminTotpSecret"/>, a system client, and several hundred patients. Deterministic, so
/// documentation and tests can rely on names. Never loaded in Production.
/// </summary>
public static class DemoData
{
    public const string DemoPassword = "Infirmary-Demo-2026";
    public const string DemoAdminTotpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    public const string DemoClientId = "demo-integration";
    public const string DemoClientSecret = "demo-integration-secret";

    public static readonly IReadOnlyList<(string UserName, string Role, string Name, string JobTitle)> Staff =
    [
        ("admin", Roles.Administrator, "Alex Morgan", "System administrator"),
        ("records", Roles.HealthRecordsClerk, "Rita Patel", "Health records clerk"),
        // A second clerk, so a merge one proposes can be confirmed by another.
        ("records2", Roles.HealthRecordsClerk, "Hassan Ali", "Health records officer"),
        ("secretary", Roles.MedicalSecretary, "Sam O'Neill", "Medical secretary, cardiology"),
        ("reception", Roles.Receptionist, "Rachel Evans", "Outpatients receptionist"),
        ("practice", Roles.PracticeManager, "Priya Shah", "Practice manager"),
        ("service", Roles.ServiceManager, "Steve Hughes", "Outpatients service manager"),
        ("pharmacist", Roles.Pharmacist, "Farah Khan", "Lead pharmacist"),
        ("pharmtech", Roles.PharmacyTechnician, "Tom Clarke", "Pharmacy technician"),
        ("biomed", Roles.BiomedicalScientist, "Bethan Lewis", "Biomedical scientist, blood sciences"),
        // A second biomedical scientist, so every report can be authorised by someone other than who validated it.
        ("biomed2", Roles.BiomedicalScientist, "Dr Owen Price", "Clinical scientist, blood sciences"),
        ("labassist", Roles.LabAssistant, "Liam Walker", "Medical laboratory assistant"),
        ("engineer", Roles.ClinicalEngineer, "Ed Wright", "Clinical engineer"),
        ("technologist", Roles.ClinicalTechnologist, "Tess Green", "Clinical technologist, radiotherapy"),
        ("physicist", Roles.MedicalPhysicist, "Dr Mo Ahmed", "Clinical scientist, medical physics"),
        // A second physicist, so every physics result can be checked by someone other than who performed it.
        ("physicist2", Roles.MedicalPhysicist, "Dr Nia Jones", "Clinical scientist, radiotherapy physics"),
        ("clinician", Roles.Clinician, "Dr Claire Roberts", "Consultant cardiologist"),
        // Two more clinicians so the demo clinics (cardiology, diabetes, GP surgery) each have their own.
        ("diabetologist", Roles.Clinician, "Dr Helen Price", "Consultant diabetologist"),
        ("gp", Roles.Clinician, "Dr Omar Farouk", "GP partner"),
        ("caldicott", Roles.CaldicottGuardian, "Dr Gwen Harris", "Caldicott Guardian"),
        // Ward nurses with their own shifts on the Ward 7B rota (linked in WorkforceDemoData). Nurses hold the
        // Clinician role: the fifteen job roles have no separate nursing role.
        ("nurse", Roles.Clinician, "Nina Brown", "Staff nurse, Ward 7B"),
        ("nurse2", Roles.Clinician, "Oliver Grant", "Staff nurse, Ward 7B"),
    ];

    public static IServiceCollection AddInfirmaryDemoData(this IServiceCollection services) => services;

    /// <summary>Migrates (when configured), creates the roles, and loads the demo hospital when asked.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<InfirmaryDbContext>();
        var dbOptions = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var options = sp.GetRequiredService<IOptions<InfirmaryOptions>>().Value;
        if (dbOptions.MigrateOnStart)
        {
            await db.MigrateAsync();
        }

        await StaffAccounts.EnsureRolesAsync(sp.GetRequiredService<RoleManager<StaffRole>>());
        if (!options.Demo)
        {
            return;
        }

        if (app.Environment.IsProduction())
        {
            throw new InvalidOperationException("Demo data is never loaded in Production. Remove --demo (Infirmary:Demo).");
        }

        await SeedAsync(sp, options.DemoPatients, CancellationToken.None);
    }

    public static async Task SeedAsync(IServiceProvider sp, int patients, CancellationToken ct)
    {
        var users = sp.GetRequiredService<UserManager<StaffUser>>();
        foreach (var (userName, role, name, job) in Staff)
        {
            if (await users.FindByNameAsync(userName) is not null)
            {
                continue;
            }

            var user = new StaffUser { UserName = userName, DisplayName = name, JobTitle = job, Email = $"{userName}@demo.infirmary.nhs.uk" };
            Check(await users.CreateAsync(user, DemoPassword), userName);
            Check(await users.AddToRoleAsync(user, role), userName);
            if (role == Roles.Administrator)
            {
                await StaffAccounts.EnableTotpAsync(users, user, DemoAdminTotpSecret);
            }
        }

        await Tokens.EnsureClientAsync(sp.GetRequiredService<IOpenIddictApplicationManager>(), DemoClientId, DemoClientSecret,
            "Demo integration engine", Permissions.ByScope.Keys, ct);
        await sp.GetRequiredService<PatientsDemoData>().SeedAsync(patients, ct);
        await sp.GetRequiredService<Infirmary.Pharmacy.Features.PharmacyDemoData>().SeedAsync(ct);
        await sp.GetRequiredService<Infirmary.Workforce.Features.WorkforceDemoData>().SeedAsync(ct);
        var someone = await sp.GetRequiredService<InfirmaryDbContext>().Set<Infirmary.Patients.Domain.Patient>()
            .Where(p => p.Active && !p.Sensitive).OrderBy(p => p.NhsNumber).Select(p => p.Id).Take(6).ToListAsync(ct);
        await sp.GetRequiredService<Infirmary.Scheduling.Features.SchedulingDemoData>().SeedAsync(["clinician", "diabetologist", "gp"], someone, ct);
    }

    private static void Check(IdentityResult result, string userName)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create demo user {userName}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
