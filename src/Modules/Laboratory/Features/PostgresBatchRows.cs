using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Specimen = Infirmary.Laboratory.Domain.Specimen;

namespace Infirmary.Laboratory.Features;

/// <summary>
/// The group commit's statements on PostgreSQL (ADR 0125), on the context's own connection and transaction: one
/// statement that finds, for a whole batch, which messages are already stored and whether any specimen it names
/// exists; and the platform's multi-row insert (<see cref="PostgresBatchInsert"/>: <c>unnest</c> of one array per
/// column, one statement per table) for the rows filing added, so a batch's messages, unmatched results and results are
/// written by a few statements whatever its size. The batch's audit events are sealed by the platform's chain code in the
/// same transaction and written with the rows.
/// </summary>
internal static class PostgresBatchRows
{
    /// <summary>The entity types written here, parents before children (foreign keys are checked per statement).</summary>
    private static readonly Type[] Inserted = [typeof(InboundMessage), typeof(LabReport), typeof(LabResult), typeof(UnmatchedResult), typeof(AuditEvent)];

    /// <summary>
    /// Which of the given (sending application, sending facility, control id) keys are stored already, and whether any of
    /// the given accession numbers is a specimen's, in one round trip. The key lookup joins the keys to the unique index.
    /// </summary>
    public static async Task<(HashSet<(string, string, string)> Stored, bool AnySpecimen)> PrecheckAsync(
        InfirmaryDbContext db, IReadOnlyList<(string Application, string Facility, string ControlId)> keys, IReadOnlyList<string> accessions,
        CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var names = Names.For(db.Model);
        await using var batch = new NpgsqlBatch(connection, db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction);
        var applications = new string[keys.Count];
        var facilities = new string[keys.Count];
        var controlIds = new string[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            (applications[i], facilities[i], controlIds[i]) = keys[i];
        }

        var stored = new NpgsqlBatchCommand(names.StoredKeysSql);
        stored.Parameters.Add(new NpgsqlParameter { Value = applications, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        stored.Parameters.Add(new NpgsqlParameter { Value = facilities, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        stored.Parameters.Add(new NpgsqlParameter { Value = controlIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        batch.BatchCommands.Add(stored);
        var specimens = new NpgsqlBatchCommand(names.AnySpecimenSql);
        specimens.Parameters.Add(new NpgsqlParameter { Value = accessions.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        batch.BatchCommands.Add(specimens);

        var found = new HashSet<(string, string, string)>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var any = reader.GetBoolean(0);
        return (found, any);
    }

    /// <summary>
    /// Inserts every added <see cref="InboundMessage"/>, <see cref="LabReport"/>, <see cref="LabResult"/>,
    /// <see cref="UnmatchedResult"/> and <see cref="AuditEvent"/> the context tracks, one statement per table in one
    /// round trip, in the current transaction, and marks them saved: the platform's
    /// <see cref="PostgresBatchInsert.InsertAddedAsync"/>, which seals the audit events first as <c>SaveChanges</c> does.
    /// Anything else the context tracks (a report reopened, a result superseded) is left for <c>SaveChanges</c>.
    /// </summary>
    public static Task InsertAddedAsync(InfirmaryDbContext db, CancellationToken ct) => PostgresBatchInsert.InsertAddedAsync(db, Inserted, ct);

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The precheck's statements, with table and column names from the model.</summary>
    private sealed class Names
    {
        private static (IModel Model, Names Names)? _cached;

        public required string StoredKeysSql { get; init; }

        public required string AnySpecimenSql { get; init; }

        public static Names For(IModel model)
        {
            if (_cached is { } cached && ReferenceEquals(cached.Model, model))
            {
                return cached.Names;
            }

            var messages = model.FindEntityType(typeof(InboundMessage))!;
            var messageTable = StoreObjectIdentifier.Table(messages.GetTableName()!, messages.GetSchema());
            string M(string property) => Quote(messages.FindProperty(property)!.GetColumnName(messageTable)!);
            var specimens = model.FindEntityType(typeof(Specimen))!;
            var specimenTable = StoreObjectIdentifier.Table(specimens.GetTableName()!, specimens.GetSchema());
            var accession = Quote(specimens.FindProperty(nameof(Specimen.Accession))!.GetColumnName(specimenTable)!);
            var application = M(nameof(InboundMessage.SendingApplication));
            var facility = M(nameof(InboundMessage.SendingFacility));
            var controlId = M(nameof(InboundMessage.ControlId));
            var names = new Names
            {
                // Each key is looked up in the unique index on (application, facility, control id).
                StoredKeysSql = $"SELECT m.{application}, m.{facility}, m.{controlId} FROM unnest($1, $2, $3) AS k(a, f, c) "
                    + $"JOIN {Quote(messageTable.Name)} AS m ON m.{application} = k.a AND m.{facility} = k.f AND m.{controlId} = k.c",
                AnySpecimenSql = $"SELECT EXISTS (SELECT 1 FROM {Quote(specimenTable.Name)} WHERE {accession} = ANY($1))",
            };
            _cached = (model, names);
            return names;
        }
    }
}
