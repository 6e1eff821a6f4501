using System.Collections.Concurrent;
using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;
using Specimen = Infirmary.Laboratory.Domain.Specimen;

namespace Infirmary.Laboratory.Features;

/// <summary>
/// The group commit's statements on PostgreSQL (ADR 0125), on the context's own connection and transaction: one
/// statement that finds, for a whole batch, which messages are already stored and whether any specimen it names
/// exists; and one multi-row insert (<c>unnest</c> of one array per column) per table for the rows filing added, so
/// a batch's messages, unmatched results and results are written by a few statements whatever its size. Table and
/// column names, and the rows' values, come from the EF Core model and the tracked entities, so the rows written are
/// exactly those <c>SaveChanges</c> would write; the database's constraints (lengths, checks, keys, the unique sender
/// and control id) apply to them as to any insert. The batch's audit events are sealed by the platform's chain code
/// (<see cref="AuditChain"/>) in the same transaction and written with the rows.
/// </summary>
internal static class PostgresBatchRows
{
    /// <summary>The entity types written here, parents before children (foreign keys are checked per statement).</summary>
    private static readonly Type[] Inserted = [typeof(InboundMessage), typeof(LabReport), typeof(LabResult), typeof(UnmatchedResult), typeof(AuditEvent)];

    private static readonly ConcurrentDictionary<IEntityType, TablePlan> Plans = new();

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
    /// round trip, in the current transaction, and marks them unchanged (saved), as <c>SaveChanges</c> does. The audit
    /// events are first sealed exactly as <see cref="InfirmaryDbContext.SaveChangesAsync(bool, CancellationToken)"/>
    /// seals them: a chain taken for this transaction (<see cref="AuditChain.AcquireChainAsync"/>), its head read, and
    /// <see cref="AuditChain.Seal"/> over the events in the order they were added. Anything else the context tracks
    /// (a report reopened, a result superseded) is left for <c>SaveChanges</c>, which then finds no audit event to seal.
    /// </summary>
    public static async Task InsertAddedAsync(InfirmaryDbContext db, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("The batch's rows are inserted inside its transaction.");
        var added = new Dictionary<Type, List<EntityEntry>>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Added && Array.IndexOf(Inserted, entry.Metadata.ClrType) >= 0)
            {
                if (!added.TryGetValue(entry.Metadata.ClrType, out var list))
                {
                    added[entry.Metadata.ClrType] = list = [];
                }

                list.Add(entry);
            }
        }

        if (added.Count == 0)
        {
            return;
        }

        if (added.TryGetValue(typeof(AuditEvent), out var audit))
        {
            var chain = await AuditChain.AcquireChainAsync(db, ct);
            var last = await db.AuditEvents.AsNoTracking()
                .Where(a => a.Chain == chain)
                .OrderByDescending(a => a.Sequence)
                .Select(a => new { a.Sequence, a.Hash })
                .FirstOrDefaultAsync(ct);
            AuditChain.Seal([.. audit.Select(e => (AuditEvent)e.Entity)], chain, last?.Sequence ?? 0, last?.Hash ?? AuditChain.Genesis);
        }

        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), transaction);
        foreach (var type in Inserted)
        {
            if (added.TryGetValue(type, out var entries))
            {
                batch.BatchCommands.Add(Plans.GetOrAdd(entries[0].Metadata, TablePlan.Build).Command(entries));
            }
        }

        await batch.ExecuteNonQueryAsync(ct);
        foreach (var entries in added.Values)
        {
            foreach (var entry in entries)
            {
                // Saved: what it holds now is what the database holds (as SaveChanges accepts the changes it wrote).
                entry.State = EntityState.Unchanged;
                entry.OriginalValues.SetValues(entry.CurrentValues);
            }
        }
    }

    /// <summary>One table's insert: its columns, each with how to read and convert the property and its array type.</summary>
    private sealed class TablePlan(string sql, Column[] columns)
    {
        public NpgsqlBatchCommand Command(List<EntityEntry> entries)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var column in columns)
            {
                var values = Array.CreateInstance(column.ElementType, entries.Count);
                for (var i = 0; i < entries.Count; i++)
                {
                    var value = column.Getter.GetClrValueUsingContainingEntity(entries[i].Entity);
                    if (column.HasDefault && Equals(value, column.Sentinel))
                    {
                        value = column.Default;
                    }

                    values.SetValue(column.Converter is null || value is null ? value : column.Converter.ConvertToProvider(value), i);
                }

                command.Parameters.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | column.DbType });
            }

            return command;
        }

        public static TablePlan Build(IEntityType type)
        {
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var columns = new List<Column>();
            foreach (var property in type.GetProperties())
            {
                // Every column is written as the entity holds it: no shadow state, no value the database would supply instead.
                // (A key is always set on the entity by the time it is added: these keys are client-generated Guids.)
                // A constant column default is written as EF Core would have the database apply it: in place of the sentinel.
                if (property.IsShadowProperty() || (!property.IsKey() && (property.FindAnnotation(RelationalAnnotationNames.DefaultValueSql) is not null
                    || property.FindAnnotation(RelationalAnnotationNames.ComputedColumnSql) is not null
                    || NpgsqlPropertyExtensions.GetValueGenerationStrategy(property) != NpgsqlValueGenerationStrategy.None)))
                {
                    throw new NotSupportedException($"{type.DisplayName()}.{property.Name} is not a plain column; it cannot be inserted in a batch.");
                }

                var mapping = property.GetRelationalTypeMapping();
                var converter = mapping.Converter;
                var provider = converter?.ProviderClrType ?? property.ClrType;
                var underlying = Nullable.GetUnderlyingType(provider) ?? provider;
                var element = underlying.IsValueType ? typeof(Nullable<>).MakeGenericType(underlying) : underlying;
                var hasDefault = property.FindAnnotation(RelationalAnnotationNames.DefaultValue) is not null;
                columns.Add(new Column(property.GetColumnName(table)!, property.GetGetter(), converter, element, DbTypeOf(mapping.StoreType, type, property),
                    hasDefault, hasDefault ? property.GetDefaultValue() : null, property.Sentinel));
            }

            var quoted = string.Join(", ", columns.Select(c => Quote(c.Name)));
            var arrays = string.Join(", ", columns.Select((_, i) => $"${i + 1}"));
            var name = type.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
            return new TablePlan($"INSERT INTO {name} ({quoted}) SELECT * FROM unnest({arrays})", [.. columns]);
        }

        private static NpgsqlDbType DbTypeOf(string storeType, IEntityType type, IProperty property)
        {
            var bare = storeType.Split('(')[0].Trim();
            return bare switch
            {
                "uuid" => NpgsqlDbType.Uuid,
                // Sent as text and assigned to the column, so a value too long for a varchar(n) is refused, not cut.
                "text" or "character varying" or "varchar" => NpgsqlDbType.Text,
                "timestamp with time zone" or "timestamptz" => NpgsqlDbType.TimestampTz,
                "timestamp without time zone" or "timestamp" => NpgsqlDbType.Timestamp,
                "date" => NpgsqlDbType.Date,
                "integer" or "int" or "int4" => NpgsqlDbType.Integer,
                "bigint" or "int8" => NpgsqlDbType.Bigint,
                "smallint" or "int2" => NpgsqlDbType.Smallint,
                "boolean" or "bool" => NpgsqlDbType.Boolean,
                "numeric" or "decimal" => NpgsqlDbType.Numeric,
                "double precision" => NpgsqlDbType.Double,
                _ => throw new NotSupportedException($"{type.DisplayName()}.{property.Name} has store type {storeType}, not supported in a batch insert."),
            };
        }
    }

    private sealed record Column(string Name, IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter,
        Type ElementType, NpgsqlDbType DbType, bool HasDefault, object? Default, object? Sentinel);

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
