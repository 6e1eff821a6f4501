using System.Collections.Concurrent;
using Infirmary.Platform.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

namespace Infirmary.Platform.Data;

/// <summary>
/// Multi-row inserts on PostgreSQL: one <c>INSERT … SELECT * FROM unnest($1, $2, …)</c> per table, one array per column,
/// whatever the number of rows (ADR 0125, ADR 0140). Table and column names, and the rows' values, come from the EF Core
/// model (value converters, a constant column default in place of the sentinel as EF Core would), so the rows written are
/// exactly those <c>SaveChanges</c> would write; the database's constraints (lengths, checks, keys) apply to them as to
/// any insert. Values are sent as <c>text</c> and assigned to <c>varchar(n)</c> columns, so an over-long value is refused,
/// not cut. A model with a column this cannot write (shadow state, SQL defaults, identity) is refused with
/// <see cref="NotSupportedException"/> before anything is sent.
/// </summary>
public static class PostgresBatchInsert
{
    private static readonly ConcurrentDictionary<IEntityType, TablePlan> Plans = new();

    /// <summary>
    /// The model's entity type for <typeparamref name="T"/>, for a writer that has no context of its own: the model is
    /// built once per process, and a scope is made only to reach it. Look it up once and keep it.
    /// </summary>
    public static IEntityType TableOf<T>(IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Model.FindEntityType(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
    }

    /// <summary>The statement inserting <paramref name="rows"/> (entities of <paramref name="type"/>), to add to a batch.</summary>
    public static NpgsqlBatchCommand Command(IEntityType type, IReadOnlyList<object> rows) => Plans.GetOrAdd(type, TablePlan.Build).Command(rows);

    /// <summary>Inserts <paramref name="rows"/>, entities of <paramref name="type"/>, in one statement on the given connection.</summary>
    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IEntityType type, IReadOnlyList<object> rows,
        CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command(type, rows));
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Inserts every added entity of the given <paramref name="types"/> the context tracks, one statement per table in one
    /// round trip, in the context's current transaction and in the order of <paramref name="types"/> (parents before
    /// children: foreign keys are checked per statement), then marks them unchanged (saved), as <c>SaveChanges</c> does.
    /// Added <see cref="AuditEvent"/>s among them are first sealed exactly as <c>SaveChanges</c> seals them
    /// (<see cref="InfirmaryDbContext.SealAuditAsync"/>). Anything else the context tracks is left for <c>SaveChanges</c>,
    /// which then finds no audit event to seal.
    /// </summary>
    public static async Task InsertAddedAsync(InfirmaryDbContext db, IReadOnlyList<Type> types, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("The batch's rows are inserted inside its transaction.");
        var added = new Dictionary<Type, List<EntityEntry>>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Added && types.Contains(entry.Metadata.ClrType))
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
            await db.SealAuditAsync([.. audit.Select(e => (AuditEvent)e.Entity)], ct);
        }

        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), transaction);
        foreach (var type in types)
        {
            if (added.TryGetValue(type, out var entries))
            {
                batch.BatchCommands.Add(Command(entries[0].Metadata, [.. entries.Select(e => e.Entity)]));
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
        public NpgsqlBatchCommand Command(IReadOnlyList<object> rows)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var column in columns)
            {
                var values = Array.CreateInstance(column.ElementType, rows.Count);
                for (var i = 0; i < rows.Count; i++)
                {
                    var value = column.Getter.GetClrValueUsingContainingEntity(rows[i]);
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
                // (A key must be set on the entity by the time it is written: client-generated Guids.)
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

    private sealed record Column(string Name, IClrPropertyGetter Getter, ValueConverter? Converter,
        Type ElementType, NpgsqlDbType DbType, bool HasDefault, object? Default, object? Sentinel);

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
