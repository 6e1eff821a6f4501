using Infirmary.Platform.Data;
using Infirmary.Scheduling.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Infirmary.Scheduling.Data;

/// <summary>
/// The Scheduling module's tables (<c>sched_</c>). The booking rules the database holds are described in ADR 0030;
/// those EF Core cannot express (the PostgreSQL exclusion constraint, the SQLite overlap triggers) are in
/// <see cref="SchedulingDatabaseRules"/> and applied by the migration.
/// </summary>
public sealed class SchedulingModel : IModelContributor
{
    public const string SlotHeldIndex = "ux_sched_appointments_slot_held";
    public const string ClinicianStartIndex = "ux_sched_appointments_clinician_start_held";
    public const string BookedStartIndex = "ix_sched_appointments_booked_start";

    public void Configure(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        var pg = provider == DatabaseProvider.Postgres;
        // Boolean literals differ: PostgreSQL has a boolean type, SQLite stores 0 and 1.
        string Not(string column) => pg ? $"NOT {column}" : $"{column} = 0";
        if (pg)
        {
            // For the exclusion constraint: equality on uuid and integer columns inside a GiST index.
            modelBuilder.HasPostgresExtension("btree_gist");
        }

        modelBuilder.Entity<Clinic>(e =>
        {
            e.ToTable("sched_clinics", t =>
            {
                t.HasCheckConstraint("ck_sched_clinics_names", "name <> '' AND specialty <> '' AND site <> '' AND room <> ''");
                t.HasCheckConstraint("ck_sched_clinics_version_positive", "version >= 1");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(200);
            e.Property(x => x.Specialty).HasColumnName("specialty").HasMaxLength(100);
            e.Property(x => x.Site).HasColumnName("site").HasMaxLength(100);
            e.Property(x => x.Room).HasColumnName("room").HasMaxLength(50);
            e.Property(x => x.ClinicianId).HasColumnName("clinician_id");
            e.Property(x => x.ClinicianName).HasColumnName("clinician_name").HasMaxLength(200);
            e.Property(x => x.Active).HasColumnName("active");
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
            e.HasIndex(x => x.ClinicianId).HasDatabaseName("ix_sched_clinics_clinician");
            e.HasIndex(x => new { x.Site, x.Room }).HasDatabaseName("ix_sched_clinics_site_room");
        });

        modelBuilder.Entity<ClinicTemplate>(e =>
        {
            e.ToTable("sched_templates", t =>
            {
                t.HasCheckConstraint("ck_sched_templates_times", "end_time > start_time");
                t.HasCheckConstraint("ck_sched_templates_slot_minutes", $"slot_minutes >= {TemplateRules.MinSlotMinutes} AND slot_minutes <= {TemplateRules.MaxSlotMinutes}");
                t.HasCheckConstraint("ck_sched_templates_capacity", $"capacity >= 1 AND capacity <= {TemplateRules.MaxCapacity}");
                t.HasCheckConstraint("ck_sched_templates_validity", "valid_to IS NULL OR valid_to >= valid_from");
                t.HasCheckConstraint("ck_sched_templates_recurrence", $"recurrence IN ({Codes.SqlList<Recurrence>()})");
                t.HasCheckConstraint("ck_sched_templates_slot_type", $"slot_type IN ({Codes.SqlList<SlotType>()})");
                t.HasCheckConstraint("ck_sched_templates_day_of_week", "day_of_week >= 0 AND day_of_week <= 6");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.ClinicId).HasColumnName("clinic_id");
            e.HasOne<Clinic>().WithMany().HasForeignKey(x => x.ClinicId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Recurrence).HasColumnName("recurrence").HasConversion(Code<Recurrence>()).HasMaxLength(20);
            e.Property(x => x.DayOfWeek).HasColumnName("day_of_week");
            e.Property(x => x.StartTime).HasColumnName("start_time");
            e.Property(x => x.EndTime).HasColumnName("end_time");
            e.Property(x => x.SlotMinutes).HasColumnName("slot_minutes");
            e.Property(x => x.SlotType).HasColumnName("slot_type").HasConversion(Code<SlotType>()).HasMaxLength(20);
            e.Property(x => x.Capacity).HasColumnName("capacity");
            e.Property(x => x.ValidFrom).HasColumnName("valid_from");
            e.Property(x => x.ValidTo).HasColumnName("valid_to");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
            e.Ignore(x => x.SlotsPerSession);
            e.Ignore(x => x.FirstOccurrence);
            e.HasIndex(x => x.ClinicId).HasDatabaseName("ix_sched_templates_clinic");
        });

        modelBuilder.Entity<ClinicSession>(e =>
        {
            e.ToTable("sched_sessions", t =>
            {
                t.HasCheckConstraint("ck_sched_sessions_times", "ends_at > starts_at");
                t.HasCheckConstraint("ck_sched_sessions_status", $"status IN ({Codes.SqlList<SessionStatus>()})");
                t.HasCheckConstraint("ck_sched_sessions_cancelled_with_reason",
                    "status <> 'cancelled' OR (cancel_reason IS NOT NULL AND cancelled_at IS NOT NULL AND cancelled_by_id IS NOT NULL)");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.ClinicId).HasColumnName("clinic_id");
            e.Property(x => x.TemplateId).HasColumnName("template_id");
            e.HasOne<Clinic>().WithMany().HasForeignKey(x => x.ClinicId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<ClinicTemplate>().WithMany().HasForeignKey(x => x.TemplateId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Date).HasColumnName("date");
            e.Property(x => x.StartsAt).HasColumnName("starts_at");
            e.Property(x => x.EndsAt).HasColumnName("ends_at");
            e.Property(x => x.Status).HasColumnName("status").HasConversion(Code<SessionStatus>()).HasMaxLength(20);
            e.Property(x => x.CancelReason).HasColumnName("cancel_reason").HasMaxLength(500);
            e.Property(x => x.CancelledById).HasColumnName("cancelled_by_id").HasMaxLength(200);
            e.Property(x => x.CancelledByName).HasColumnName("cancelled_by_name").HasMaxLength(200);
            e.Property(x => x.CancelledAt).HasColumnName("cancelled_at");
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
            // Generating the same horizon twice (or on two nodes at once) cannot make a session twice.
            e.HasIndex(x => new { x.TemplateId, x.Date }).IsUnique().HasDatabaseName("ux_sched_sessions_template_date");
            e.HasIndex(x => new { x.ClinicId, x.Date }).HasDatabaseName("ix_sched_sessions_clinic_date");
        });

        modelBuilder.Entity<Slot>(e =>
        {
            e.ToTable("sched_slots", t =>
            {
                t.HasCheckConstraint("ck_sched_slots_times", "ends_at > starts_at");
                t.HasCheckConstraint("ck_sched_slots_place", "place >= 1");
                t.HasCheckConstraint("ck_sched_slots_status", $"status IN ({Codes.SqlList<SlotStatus>()})");
                t.HasCheckConstraint("ck_sched_slots_type", $"type IN ({Codes.SqlList<SlotType>()})");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.SessionId).HasColumnName("session_id");
            e.Property(x => x.ClinicId).HasColumnName("clinic_id");
            e.Property(x => x.ClinicianId).HasColumnName("clinician_id");
            e.Property(x => x.Place).HasColumnName("place");
            e.Property(x => x.StartsAt).HasColumnName("starts_at");
            e.Property(x => x.EndsAt).HasColumnName("ends_at");
            e.Property(x => x.Type).HasColumnName("type").HasConversion(Code<SlotType>()).HasMaxLength(20);
            e.Property(x => x.Status).HasColumnName("status").HasConversion(Code<SlotStatus>()).HasMaxLength(10);
            e.HasOne<ClinicSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Clinic>().WithMany().HasForeignKey(x => x.ClinicId).OnDelete(DeleteBehavior.Restrict);
            // What an appointment copies from its slot; the appointment's foreign key points at all of it.
            e.HasAlternateKey(x => new { x.Id, x.ClinicianId, x.Place, x.StartsAt, x.EndsAt }).HasName("ak_sched_slots_booking_copy");
            e.HasIndex(x => new { x.SessionId, x.StartsAt, x.Place }).IsUnique().HasDatabaseName("ux_sched_slots_session_start_place");
            // Free-slot search: by time across all clinics, and by clinic.
            e.HasIndex(x => new { x.Status, x.StartsAt }).HasDatabaseName("ix_sched_slots_status_start");
            e.HasIndex(x => new { x.ClinicId, x.StartsAt }).HasDatabaseName("ix_sched_slots_clinic_start");
        });

        modelBuilder.Entity<Appointment>(e =>
        {
            e.ToTable("sched_appointments", t =>
            {
                t.HasCheckConstraint("ck_sched_appointments_times", "ends_at > starts_at");
                t.HasCheckConstraint("ck_sched_appointments_status", $"status IN ({Codes.SqlList<AppointmentStatus>()})");
                t.HasCheckConstraint("ck_sched_appointments_type", $"type IN ({Codes.SqlList<SlotType>()})");
                t.HasCheckConstraint("ck_sched_appointments_cancelled_by", $"cancelled_by IS NULL OR cancelled_by IN ({Codes.SqlList<CancelledBy>()})");
                // A cancellation is whole: when, why and by whom (patient or hospital, and the member of staff).
                t.HasCheckConstraint("ck_sched_appointments_cancellation_complete",
                    "status <> 'cancelled' OR (cancelled_at IS NOT NULL AND cancellation_reason IS NOT NULL AND cancelled_by IS NOT NULL AND cancelled_by_id IS NOT NULL)");
                // An overbooking is never anonymous or unexplained.
                t.HasCheckConstraint("ck_sched_appointments_overbook_recorded",
                    $"{Not("overbooked")} OR (overbook_reason IS NOT NULL AND overbooked_by_id IS NOT NULL AND overbooked_by_name IS NOT NULL)");
                t.HasCheckConstraint("ck_sched_appointments_arrival", "status NOT IN ('arrived', 'seen', 'left') OR arrived_at IS NOT NULL");
                t.HasCheckConstraint("ck_sched_appointments_version_positive", "version >= 1");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.SlotId).HasColumnName("slot_id");
            e.Property(x => x.ClinicId).HasColumnName("clinic_id");
            e.Property(x => x.ClinicianId).HasColumnName("clinician_id");
            e.Property(x => x.Place).HasColumnName("place");
            e.Property(x => x.StartsAt).HasColumnName("starts_at");
            e.Property(x => x.EndsAt).HasColumnName("ends_at");
            e.Property(x => x.Type).HasColumnName("type").HasConversion(Code<SlotType>()).HasMaxLength(20);
            // A patient by id only: no foreign key into the Patients module's table.
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference();
            e.Property(x => x.Status).HasColumnName("status").HasConversion(Code<AppointmentStatus>()).HasMaxLength(20);
            e.Property(x => x.BookedAt).HasColumnName("booked_at");
            e.Property(x => x.BookedById).HasColumnName("booked_by_id").HasMaxLength(200);
            e.Property(x => x.BookedByName).HasColumnName("booked_by_name").HasMaxLength(200);
            e.Property(x => x.Overbooked).HasColumnName("overbooked");
            e.Property(x => x.OverbookReason).HasColumnName("overbook_reason").HasMaxLength(500);
            e.Property(x => x.OverbookedById).HasColumnName("overbooked_by_id").HasMaxLength(200);
            e.Property(x => x.OverbookedByName).HasColumnName("overbooked_by_name").HasMaxLength(200);
            e.Property(x => x.WalkIn).HasColumnName("walk_in");
            e.Property(x => x.RebookedFromId).HasColumnName("rebooked_from_id");
            e.Property(x => x.CancelledAt).HasColumnName("cancelled_at");
            e.Property(x => x.CancellationReason).HasColumnName("cancellation_reason").HasMaxLength(500);
            e.Property(x => x.CancelledBy).HasColumnName("cancelled_by").HasConversion(Code<CancelledBy>()).HasMaxLength(20);
            e.Property(x => x.CancelledById).HasColumnName("cancelled_by_id").HasMaxLength(200);
            e.Property(x => x.CancelledByName).HasColumnName("cancelled_by_name").HasMaxLength(200);
            e.Property(x => x.ArrivedAt).HasColumnName("arrived_at");
            e.Property(x => x.SeenAt).HasColumnName("seen_at");
            e.Property(x => x.OutcomeAt).HasColumnName("outcome_at");
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
            e.Ignore(x => x.HoldsSlot);

            e.HasOne<Slot>().WithMany()
                .HasForeignKey(x => new { x.SlotId, x.ClinicianId, x.Place, x.StartsAt, x.EndsAt })
                .HasPrincipalKey(x => new { x.Id, x.ClinicianId, x.Place, x.StartsAt, x.EndsAt })
                .HasConstraintName("fk_sched_appointments_slot_copy")
                .OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Appointment>().WithMany().HasForeignKey(x => x.RebookedFromId).OnDelete(DeleteBehavior.Restrict);
            // The foreign key's own check when an appointment row is deleted (WHERE rebooked_from_id = …, which this
            // partial index serves); almost every appointment is no rebooking and takes no entry (ADR 0151).
            e.HasIndex(x => x.RebookedFromId).HasFilter("rebooked_from_id IS NOT NULL").HasDatabaseName("ix_sched_appointments_rebooked_from");
            // Not a foreign key, on purpose (ADR 0040): on SQLite adding one rebuilds sched_appointments after every
            // other step of the migration, which drops the overlap triggers of ADR 0030. Only WaitingList writes it,
            // from a referral it has just loaded; a rebooking copies it.
            e.Property(x => x.ReferralId).HasColumnName("referral_id");
            // The waiting list's look-ups by referral (WaitingList); most appointments have none, and those are not indexed.
            e.HasIndex(x => x.ReferralId).HasFilter("referral_id IS NOT NULL").HasDatabaseName("ix_sched_appointments_referral");

            // The booking rules (ADR 0030), for confirmed bookings that are not deliberate overbookings:
            // one per slot, and (with the exclusion constraint or triggers) none overlapping for one clinician's place.
            var held = $"status <> 'cancelled' AND {Not("overbooked")}";
            e.HasIndex(x => x.SlotId).IsUnique().HasFilter(held).HasDatabaseName(SlotHeldIndex);
            if (!pg)
            {
                // On PostgreSQL the exclusion constraint already refuses two held bookings starting together (their
                // ranges overlap), so this index would only cost every booking a write there (ADR 0150).
                e.HasIndex(x => new { x.ClinicianId, x.Place, x.StartsAt }).IsUnique().HasFilter(held).HasDatabaseName(ClinicianStartIndex);
            }

            // The patient's clash check and appointment lists; a clinic's day lists and calendar.
            e.HasIndex(x => new { x.PatientId, x.StartsAt }).HasDatabaseName("ix_sched_appointments_patient_start");
            e.HasIndex(x => new { x.ClinicId, x.StartsAt }).HasDatabaseName("ix_sched_appointments_clinic_start");
            // The reminder dispatcher's search for booked appointments whose reminders have fallen due (ADR 0150).
            e.HasIndex(x => x.StartsAt).HasFilter("status = 'booked'").HasDatabaseName(BookedStartIndex);
        });

        ConfigureTransport(modelBuilder, Not);
        ConfigureWaitingList(modelBuilder);
        ConfigureReminders(modelBuilder);
        ConfigureEnquiries(modelBuilder);
    }

    private static void ConfigureEnquiries(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Enquiry>(e =>
        {
            e.ToTable("sched_enquiries", t =>
            {
                t.HasCheckConstraint("ck_sched_enquiries_channel", $"channel IN ({Codes.SqlList<EnquiryChannel>()})");
                t.HasCheckConstraint("ck_sched_enquiries_from", $"from_whom IN ({Codes.SqlList<EnquiryFrom>()})");
                t.HasCheckConstraint("ck_sched_enquiries_summary", "summary <> ''");
                // Someone other than the patient is named.
                t.HasCheckConstraint("ck_sched_enquiries_from_named", "from_whom = 'patient' OR from_name IS NOT NULL");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference();
            e.Property(x => x.AppointmentId).HasColumnName("appointment_id");
            e.HasOne<Appointment>().WithMany().HasForeignKey(x => x.AppointmentId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Channel).HasColumnName("channel").HasConversion(Code<EnquiryChannel>()).HasMaxLength(10);
            e.Property(x => x.From).HasColumnName("from_whom").HasConversion(Code<EnquiryFrom>()).HasMaxLength(20);
            e.Property(x => x.FromName).HasColumnName("from_name").HasMaxLength(200);
            e.Property(x => x.Summary).HasColumnName("summary").HasMaxLength(1000);
            e.Property(x => x.Action).HasColumnName("action").HasMaxLength(1000);
            e.Property(x => x.ReceivedAt).HasColumnName("received_at");
            e.Property(x => x.RecordedById).HasColumnName("recorded_by_id").HasMaxLength(200);
            e.Property(x => x.RecordedByName).HasColumnName("recorded_by_name").HasMaxLength(200);
            e.HasIndex(x => new { x.PatientId, x.ReceivedAt }).HasDatabaseName("ix_sched_enquiries_patient_received");
        });
    }

    private static void ConfigureReminders(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Reminder>(e =>
        {
            e.ToTable("sched_reminders", t =>
            {
                t.HasCheckConstraint("ck_sched_reminders_channel", $"channel IN ({Codes.SqlList<ReminderChannel>()})");
                t.HasCheckConstraint("ck_sched_reminders_status", $"status IN ({Codes.SqlList<ReminderStatus>()})");
                t.HasCheckConstraint("ck_sched_reminders_attempts", "attempts >= 0");
                // A row Notify accepted carries Notify's id; a row being sent names its node and its claim's end.
                t.HasCheckConstraint("ck_sched_reminders_sent_with_id", "status <> 'sent' OR (notify_id IS NOT NULL AND sent_at IS NOT NULL)");
                t.HasCheckConstraint("ck_sched_reminders_claim", "status <> 'sending' OR (claimed_by IS NOT NULL AND claimed_until IS NOT NULL)");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.AppointmentId).HasColumnName("appointment_id");
            e.HasOne<Appointment>().WithMany().HasForeignKey(x => x.AppointmentId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference();
            e.Property(x => x.Channel).HasColumnName("channel").HasConversion(Code<ReminderChannel>()).HasMaxLength(10);
            e.Property(x => x.DaysBefore).HasColumnName("days_before");
            e.Property(x => x.DueAt).HasColumnName("due_at");
            e.Property(x => x.Status).HasColumnName("status").HasConversion(Code<ReminderStatus>()).HasMaxLength(12);
            e.Property(x => x.Attempts).HasColumnName("attempts");
            e.Property(x => x.NextAttemptAt).HasColumnName("next_attempt_at");
            e.Property(x => x.ClaimedBy).HasColumnName("claimed_by").HasMaxLength(200);
            e.Property(x => x.ClaimedUntil).HasColumnName("claimed_until");
            e.Property(x => x.Reference).HasColumnName("reference").HasMaxLength(60);
            e.Property(x => x.NotifyId).HasColumnName("notify_id").HasMaxLength(60);
            e.Property(x => x.SentAt).HasColumnName("sent_at");
            e.Property(x => x.LastError).HasColumnName("last_error").HasMaxLength(500);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.DeliveryStatus).HasColumnName("delivery_status").HasMaxLength(30);
            e.Property(x => x.DeliveredAt).HasColumnName("delivered_at");
            e.Property(x => x.ReceiptCheckedAt).HasColumnName("receipt_checked_at");
            // One message per appointment, channel and lead time; the reference Notify sees is unique too.
            e.HasIndex(x => new { x.AppointmentId, x.Channel, x.DaysBefore }).IsUnique().HasDatabaseName("ux_sched_reminders_appointment_channel_days");
            e.HasIndex(x => x.Reference).IsUnique().HasDatabaseName("ux_sched_reminders_reference");
            // The dispatcher's scan: due rows by status and time.
            e.HasIndex(x => new { x.Status, x.DueAt }).HasDatabaseName("ix_sched_reminders_status_due");
        });

        modelBuilder.Entity<ReminderOptOut>(e =>
        {
            e.ToTable("sched_reminder_opt_outs", t => t.HasCheckConstraint("ck_sched_reminder_opt_outs_channel", $"channel IN ({Codes.SqlList<ReminderChannel>()})"));
            e.HasKey(x => new { x.PatientId, x.Channel });
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference(OnPatientMerge.Keep);
            e.Property(x => x.Channel).HasColumnName("channel").HasConversion(Code<ReminderChannel>()).HasMaxLength(10);
            e.Property(x => x.RecordedAt).HasColumnName("recorded_at");
            e.Property(x => x.RecordedBy).HasColumnName("recorded_by").HasMaxLength(200);
        });

        modelBuilder.Entity<ReminderPreference>(e =>
        {
            e.ToTable("sched_reminder_preferences", t =>
            {
                t.HasCheckConstraint("ck_sched_reminder_preferences_channel", $"preferred IS NULL OR preferred IN ({Codes.SqlList<ReminderChannel>()})");
                // Email first needs an address to send to.
                t.HasCheckConstraint("ck_sched_reminder_preferences_email", "(preferred IS NULL OR preferred <> 'email' OR email IS NOT NULL) AND (email IS NULL OR email LIKE '%_@_%')");
            });
            e.HasKey(x => x.PatientId);
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference(OnPatientMerge.Keep);
            e.Property(x => x.Preferred).HasColumnName("preferred").HasConversion(Code<ReminderChannel>()).HasMaxLength(10);
            e.Property(x => x.Email).HasColumnName("email").HasMaxLength(254);
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            e.Property(x => x.UpdatedBy).HasColumnName("updated_by").HasMaxLength(200);
        });
    }

    private static void ConfigureWaitingList(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Referral>(e =>
        {
            e.ToTable("sched_referrals", t =>
            {
                t.HasCheckConstraint("ck_sched_referrals_priority", $"priority IN ({Codes.SqlList<ReferralPriority>()})");
                t.HasCheckConstraint("ck_sched_referrals_stop_reason", $"stop_reason IS NULL OR stop_reason IN ({Codes.SqlList<ClockStop>()})");
                t.HasCheckConstraint("ck_sched_referrals_text", "specialty <> '' AND referrer <> ''");
                // A stopped clock says when, why and who stopped it; a running clock has none of these.
                t.HasCheckConstraint("ck_sched_referrals_stop_complete",
                    "(clock_stopped_on IS NULL AND stop_reason IS NULL AND stopped_by_id IS NULL) OR " +
                    "(clock_stopped_on IS NOT NULL AND stop_reason IS NOT NULL AND stopped_by_id IS NOT NULL AND stopped_by_name IS NOT NULL)");
                t.HasCheckConstraint("ck_sched_referrals_stop_after_receipt", "clock_stopped_on IS NULL OR clock_stopped_on >= received_on");
                t.HasCheckConstraint("ck_sched_referrals_version_positive", "version >= 1");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference();
            e.Property(x => x.Specialty).HasColumnName("specialty").HasMaxLength(100);
            e.Property(x => x.ReceivedOn).HasColumnName("received_on");
            e.Property(x => x.Priority).HasColumnName("priority").HasConversion(Code<ReferralPriority>()).HasMaxLength(20);
            e.Property(x => x.Referrer).HasColumnName("referrer").HasMaxLength(200);
            e.Property(x => x.Notes).HasColumnName("notes").HasMaxLength(1000);
            e.Property(x => x.ClockStoppedOn).HasColumnName("clock_stopped_on");
            e.Property(x => x.StopReason).HasColumnName("stop_reason").HasConversion(Code<ClockStop>()).HasMaxLength(30);
            e.Property(x => x.StopNote).HasColumnName("stop_note").HasMaxLength(500);
            e.Property(x => x.StoppedById).HasColumnName("stopped_by_id").HasMaxLength(200);
            e.Property(x => x.StoppedByName).HasColumnName("stopped_by_name").HasMaxLength(200);
            e.Property(x => x.AddedAt).HasColumnName("added_at");
            e.Property(x => x.AddedById).HasColumnName("added_by_id").HasMaxLength(200);
            e.Property(x => x.AddedByName).HasColumnName("added_by_name").HasMaxLength(200);
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
            e.Ignore(x => x.ClockRunning);
            // The waiting list and the breach worklist: running clocks by receipt date.
            e.HasIndex(x => new { x.ClockStoppedOn, x.ReceivedOn }).HasDatabaseName("ix_sched_referrals_running_received");
            e.HasIndex(x => x.PatientId).HasDatabaseName("ix_sched_referrals_patient");
        });
    }

    private static void ConfigureTransport(ModelBuilder modelBuilder, Func<string, string> not)
    {
        modelBuilder.Entity<TransportRequest>(e =>
        {
            e.ToTable("sched_transport_requests", t =>
            {
                t.HasCheckConstraint("ck_sched_transport_status", $"status IN ({Codes.SqlList<TransportStatus>()})");
                t.HasCheckConstraint("ck_sched_transport_mobility", $"mobility IN ({Codes.SqlList<Mobility>()})");
                t.HasCheckConstraint("ck_sched_transport_cancelled_with_reason", "status <> 'cancelled' OR (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL)");
                t.HasCheckConstraint("ck_sched_transport_pickup", "pickup_address <> ''");
                // Only an eligible patient is booked transport; the answers that made them eligible are kept.
                t.HasCheckConstraint("ck_sched_transport_eligible", $"NOT ({not("medical_need")} AND {not("mobility_need")})");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.AppointmentId).HasColumnName("appointment_id");
            e.HasOne<Appointment>().WithMany().HasForeignKey(x => x.AppointmentId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.PatientId).HasColumnName("patient_id").IsPatientReference();
            e.Property(x => x.AppointmentStartsAt).HasColumnName("appointment_starts_at");
            e.Property(x => x.Status).HasColumnName("status").HasConversion(Code<TransportStatus>()).HasMaxLength(20);
            e.Property(x => x.MedicalNeed).HasColumnName("medical_need");
            e.Property(x => x.MobilityNeed).HasColumnName("mobility_need");
            e.Property(x => x.Mobility).HasColumnName("mobility").HasConversion(Code<Mobility>()).HasMaxLength(20);
            e.Property(x => x.Escort).HasColumnName("escort");
            e.Property(x => x.EscortReason).HasColumnName("escort_reason").HasMaxLength(500);
            e.Property(x => x.PickupAddress).HasColumnName("pickup_address").HasMaxLength(500);
            e.Property(x => x.ReturnJourney).HasColumnName("return_journey");
            e.Property(x => x.RequestedAt).HasColumnName("requested_at");
            e.Property(x => x.RequestedBy).HasColumnName("requested_by").HasMaxLength(200);
            e.Property(x => x.CancelledAt).HasColumnName("cancelled_at");
            e.Property(x => x.CancelReason).HasColumnName("cancel_reason").HasMaxLength(500);
            e.Ignore(x => x.Eligible);
            // One live request per appointment.
            e.HasIndex(x => x.AppointmentId).IsUnique().HasFilter("status = 'requested'").HasDatabaseName("ux_sched_transport_appointment_requested");
            e.HasIndex(x => x.AppointmentStartsAt).HasDatabaseName("ix_sched_transport_starts");
        });
    }

    private static ValueConverter<T, string> Code<T>()
        where T : struct, Enum => new(v => Codes.Of(v), s => Codes.Parse<T>(s));
}
