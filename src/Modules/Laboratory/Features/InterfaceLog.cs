using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Laboratory.Features;

public sealed record InboundSummary(Guid Id, DateTime ReceivedAt, string Channel, string? RemoteAddress, string SendingApplication,
    string SendingFacility, string MessageType, string ControlId, string Status, string? Error);

public sealed record InterfaceLogView(IReadOnlyList<InboundSummary> Messages, IReadOnlyList<InterfaceError> Errors, int StoredCount, int ErrorCount);

/// <summary>
/// The interface log for biomedical scientists: the latest messages with their status, and the error log. The error
/// log's excerpts may hold patient data, so opening the log is audited as a read.
/// </summary>
public sealed class InterfaceLog(InfirmaryDbContext db, AuditTrail audit)
{
    public async Task<InterfaceLogView> HandleAsync(int limit, CancellationToken ct)
    {
        limit = Math.Clamp(limit, 1, 500);
        var messages = await db.Set<InboundMessage>().AsNoTracking()
            .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id).Take(limit)
            .Select(m => new InboundSummary(m.Id, m.ReceivedAt, m.Channel, m.RemoteAddress, m.SendingApplication, m.SendingFacility,
                m.MessageType, m.ControlId, m.Status, m.Error))
            .ToListAsync(ct);
        var errors = await db.Set<InterfaceError>().AsNoTracking()
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(limit).ToListAsync(ct);
        var stored = await db.Set<InboundMessage>().CountAsync(ct);
        var errorCount = await db.Set<InterfaceError>().CountAsync(ct);
        await audit.RecordAsync(AuditAction.Search, "Hl7InterfaceLog", detail: $"{messages.Count} messages, {errors.Count} errors listed", ct: ct);
        return new InterfaceLogView(messages, errors, stored, errorCount);
    }
}
