using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Laboratory.Data;

/// <summary>Tables for the laboratory's day-to-day work beyond filing: critical-result calls.</summary>
public sealed partial class LaboratoryModel
{
    private static void ConfigureWork(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        _ = provider;
        modelBuilder.Entity<CriticalCall>(e =>
        {
            e.ToTable("lab_critical_calls", t =>
            {
                // A call is a record that the result was read back; an unconfirmed call is not logged, it is repeated.
                t.HasCheckConstraint("ck_lab_critical_calls_read_back", "read_back_confirmed = TRUE");
                t.HasCheckConstraint("ck_lab_critical_calls_phoned_to", "phoned_to <> ''");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.ResultId).HasColumnName("result_id");
            e.Property(x => x.ReportId).HasColumnName("report_id");
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference();
            e.Property(x => x.PhonedById).HasColumnName("phoned_by_id").HasMaxLength(200);
            e.Property(x => x.PhonedBy).HasColumnName("phoned_by").HasMaxLength(200);
            e.Property(x => x.PhonedTo).HasColumnName("phoned_to").HasMaxLength(CriticalCall.MaxPhonedTo);
            e.Property(x => x.ReadBackConfirmed).HasColumnName("read_back_confirmed");
            e.Property(x => x.CalledAt).HasColumnName("called_at");
            e.Property(x => x.LoggedAt).HasColumnName("logged_at");
            e.Property(x => x.Note).HasColumnName("note").HasMaxLength(CriticalCall.MaxNote);
            e.HasIndex(x => x.ResultId).IsUnique().HasDatabaseName("ux_lab_critical_calls_result");
            e.HasIndex(x => x.ReportId).HasDatabaseName("ix_lab_critical_calls_report");
            e.HasOne<LabResult>().WithMany().HasForeignKey(x => x.ResultId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<LabReport>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
