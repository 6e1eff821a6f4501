using Infirmary.Platform.Audit;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Infirmary.Platform.Data;

/// <summary>
/// The one database context of the modular monolith (DESIGN.md: one process, one database). Platform tables
/// (identity, OpenIddict, audit, break-glass, data-protection keys) are mapped here; every module contributes its
/// own tables through <see cref="IModelContributor"/>. Feature handlers use this context directly (no repository).
/// </summary>
public sealed class InfirmaryDbContext(
    DbContextOptions<InfirmaryDbContext> options,
    IEnumerable<IModelContributor> contributors)
    : IdentityDbContext<StaffUser, StaffRole, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<BreakGlassAccess> BreakGlassAccesses => Set<BreakGlassAccess>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DatabaseProvider Provider => Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    /// <summary>
    /// Whether this context has been used at all. EF Core sets a context's services up (and calls
    /// <see cref="OnConfiguring"/>) at its first use, whatever that is; a context never used holds no transaction, no
    /// connection and nothing to save, and setting its services up only to ask costs more CPU than a patient search's
    /// query (ADR 0121).
    /// </summary>
    public bool HasBeenUsed { get; private set; }

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        HasBeenUsed = true;
        base.OnConfiguring(optionsBuilder);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();

        var provider = Provider;
        builder.Entity<AuditEvent>(AuditEvent.Configure);
        builder.Entity<AuditChainLock>(AuditChainLock.Configure);
        builder.Entity<BreakGlassAccess>(BreakGlassAccess.Configure);
        builder.Entity<StaffUser>(u =>
        {
            u.Property(x => x.DisplayName).HasMaxLength(200);
            u.Property(x => x.JobTitle).HasMaxLength(200);
        });

        foreach (var contributor in contributors)
        {
            contributor.Configure(builder, provider);
        }

        if (provider == DatabaseProvider.Sqlite)
        {
            // SQLite has no instant type: DateTime comes back with Kind=Unspecified. Everything we store is UTC,
            // so say so on the way out; otherwise Europe/London conversion in the UI would be wrong by an hour.
            var utc = new ValueConverter<DateTime, DateTime>(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
            var utcNullable = new ValueConverter<DateTime?, DateTime?>(
                v => v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
            foreach (var entity in builder.Model.GetEntityTypes())
            {
                foreach (var property in entity.GetProperties())
                {
                    if (property.ClrType == typeof(DateTime))
                    {
                        property.SetValueConverter(utc);
                    }
                    else if (property.ClrType == typeof(DateTime?))
                    {
                        property.SetValueConverter(utcNullable);
                    }
                }
            }
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // One pass over the tracked rows (one change detection) gathers the audit events to seal and, before any
        // transaction or seal, fails the whole save on a value too long for its column, on either database.
        var pendingAudit = new List<AuditEvent>();
        foreach (var entry in ChangeTracker.Entries())
        {
            ValueTooLongException.ThrowIfTooLong(entry);
            if (entry is { State: EntityState.Added, Entity: AuditEvent added }) pendingAudit.Add(added);
        }

        if (pendingAudit.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // Audit events are chained: each one's hash covers the previous one in its chain. A chain is extended by
        // one writer at a time, in the same transaction as the change it records, so a failed write leaves no event
        // and an event never exists without its write.
        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            await SealAuditAsync(pendingAudit, cancellationToken);
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return written;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Seals audit events about to be written in the current transaction: takes a chain for it (or keeps the one it
    /// took on an earlier save: advisory locks last until it ends), reads the chain's head and chains the events after
    /// it (<see cref="AuditChain.SealAsync"/>). Used by <see cref="SaveChangesAsync(bool, CancellationToken)"/> and by
    /// writers that insert the events themselves (<see cref="PostgresBatchInsert"/>).
    /// </summary>
    public async Task SealAuditAsync(IReadOnlyList<AuditEvent> events, CancellationToken ct)
    {
        var transaction = Database.CurrentTransaction
            ?? throw new InvalidOperationException("Audit events are sealed inside the transaction that writes them.");
        int? held = ReferenceEquals(heldChain.Transaction, transaction) ? heldChain.Chain : null;
        var chain = await AuditChain.SealAsync(Database.GetDbConnection(), transaction.GetDbTransaction(), Provider, held, events, ct);
        heldChain = (transaction, chain);
    }

    private (object? Transaction, int Chain) heldChain;

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();
}
