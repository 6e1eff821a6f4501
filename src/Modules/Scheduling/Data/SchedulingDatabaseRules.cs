namespace Infirmary.Scheduling.Data;

/// <summary>
/// The booking rules EF Core's model cannot express, as SQL the migrations run (ADR 0030). When a migration is
/// regenerated (merge rule in docs/architecture.md), call these again from the new migration: the race tests and
/// <c>GivenOverlappingBookingsWrittenPastTheCode_WhenSaved_ThenTheDatabaseRefuses</c> fail without them.
/// </summary>
public static class SchedulingDatabaseRules
{
    public const string ClinicianTimeConstraint = "ex_sched_appointments_clinician_time";

    /// <summary>The message SQLite's overlap triggers raise; <c>DbErrors.IsExclusionViolation</c> recognises it.</summary>
    public const string SqliteOverlapMessage = Infirmary.Platform.Data.DbErrors.SqliteExclusionPrefix + " " + ClinicianTimeConstraint;

    /// <summary>
    /// PostgreSQL: no two confirmed, not-overbooked appointments of one clinician's place overlap in time. The
    /// range is half-open, so 09:00–09:20 and 09:20–09:40 do not overlap.
    /// </summary>
    public const string PostgresUp = $"""
        ALTER TABLE sched_appointments ADD CONSTRAINT {ClinicianTimeConstraint}
            EXCLUDE USING gist (clinician_id WITH =, place WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
            WHERE (status <> 'cancelled' AND NOT overbooked);
        """;

    public const string PostgresDown = $"ALTER TABLE sched_appointments DROP CONSTRAINT IF EXISTS {ClinicianTimeConstraint};";

    /// <summary>
    /// SQLite has no exclusion constraints; these triggers refuse the same rows. SQLite runs one writer at a time and
    /// a trigger runs inside the writing statement, so the check and the write cannot be separated by another writer.
    /// </summary>
    public static readonly string[] SqliteUp =
    [
        $"""
        CREATE TRIGGER sched_appointments_no_overlap_insert BEFORE INSERT ON sched_appointments
        WHEN NEW.status <> 'cancelled' AND NEW.overbooked = 0
        BEGIN
            SELECT RAISE(ABORT, '{SqliteOverlapMessage}')
            WHERE EXISTS (SELECT 1 FROM sched_appointments a
                WHERE a.clinician_id = NEW.clinician_id AND a.place = NEW.place AND a.id <> NEW.id
                  AND a.status <> 'cancelled' AND a.overbooked = 0
                  AND a.starts_at < NEW.ends_at AND NEW.starts_at < a.ends_at);
        END;
        """,
        $"""
        CREATE TRIGGER sched_appointments_no_overlap_update
        BEFORE UPDATE OF status, overbooked, clinician_id, place, starts_at, ends_at ON sched_appointments
        WHEN NEW.status <> 'cancelled' AND NEW.overbooked = 0
        BEGIN
            SELECT RAISE(ABORT, '{SqliteOverlapMessage}')
            WHERE EXISTS (SELECT 1 FROM sched_appointments a
                WHERE a.clinician_id = NEW.clinician_id AND a.place = NEW.place AND a.id <> NEW.id
                  AND a.status <> 'cancelled' AND a.overbooked = 0
                  AND a.starts_at < NEW.ends_at AND NEW.starts_at < a.ends_at);
        END;
        """,
    ];

    public const string SqliteDown = "DROP TRIGGER IF EXISTS sched_appointments_no_overlap_insert; DROP TRIGGER IF EXISTS sched_appointments_no_overlap_update;";
}
