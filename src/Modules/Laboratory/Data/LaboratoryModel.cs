using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Laboratory.Data;

/// <summary>The Laboratory module's tables (so far the analyser interface: inbound messages and the error log).</summary>
public sealed class LaboratoryModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        modelBuilder.Entity<InboundMessage>(e =>
        {
            e.ToTable("lab_inbound_messages", t =>
            {
                t.HasCheckConstraint("ck_lab_inbound_messages_channel", "channel IN ('mllp', 'http')");
                t.HasCheckConstraint("ck_lab_inbound_messages_status", "status IN ('stored', 'processed', 'error')");
                t.HasCheckConstraint("ck_lab_inbound_messages_control_id", "control_id <> ''");
            });
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.ReceivedAt).HasColumnName("received_at");
            e.Property(x => x.Channel).HasColumnName("channel").HasMaxLength(10);
            e.Property(x => x.RemoteAddress).HasColumnName("remote_address").HasMaxLength(100);
            e.Property(x => x.SendingApplication).HasColumnName("sending_application").HasMaxLength(InboundMessage.MaxSenderLength);
            e.Property(x => x.SendingFacility).HasColumnName("sending_facility").HasMaxLength(InboundMessage.MaxSenderLength);
            e.Property(x => x.MessageType).HasColumnName("message_type").HasMaxLength(50);
            e.Property(x => x.ControlId).HasColumnName("control_id").HasMaxLength(InboundMessage.MaxControlIdLength);
            e.Property(x => x.RawText).HasColumnName("raw_text");
            e.Property(x => x.Status).HasColumnName("status").HasMaxLength(10);
            e.Property(x => x.Error).HasColumnName("error").HasMaxLength(2000);
            // A resent message (same sender and control id) is refused by the database, whichever node or
            // connection it arrives on, so it can never be stored twice.
            e.HasIndex(x => new { x.SendingApplication, x.SendingFacility, x.ControlId }).IsUnique()
                .HasDatabaseName("ux_lab_inbound_messages_sender_control_id");
            e.HasIndex(x => x.ReceivedAt).HasDatabaseName("ix_lab_inbound_messages_received_at");
        });

        modelBuilder.Entity<InterfaceError>(e =>
        {
            e.ToTable("lab_interface_errors", t =>
                t.HasCheckConstraint("ck_lab_interface_errors_channel", "channel IN ('mllp', 'http')"));
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.OccurredAt).HasColumnName("occurred_at");
            e.Property(x => x.Channel).HasColumnName("channel").HasMaxLength(10);
            e.Property(x => x.RemoteAddress).HasColumnName("remote_address").HasMaxLength(100);
            e.Property(x => x.Error).HasColumnName("error").HasMaxLength(2000);
            e.Property(x => x.Excerpt).HasColumnName("excerpt").HasMaxLength(InterfaceError.MaxExcerptLength);
            e.HasIndex(x => x.OccurredAt).HasDatabaseName("ix_lab_interface_errors_occurred_at");
        });
    }
}
