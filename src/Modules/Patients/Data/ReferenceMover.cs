using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Infirmary.Patients.Data;

/// <summary>The database refused to move a table's rows (a constraint); the merge is abandoned whole.</summary>
public sealed class PatientMoveRefusedException(string message, Exception inner) : Exception(message, inner);

/// <summary>A moved row that an unmerge cannot put back, and why.</summary>
public sealed record MoveProblem(string Table, string RowKey, string Reason)
{
    public override string ToString() => $"{Table} row {RowKey}: {Reason}";
}

/// <summary>
/// Moves patient references with set-based SQL on whatever connection and transaction the context has open, and
/// fingerprints the moved rows so an unmerge can prove they are untouched. Works on any table the model maps,
/// including other modules' (it never needs their entity types, only the model's column metadata).
/// </summary>
internal sealed class ReferenceMover(InfirmaryDbContext db)
{
    private const string KeyAlias = "infirmary_row_key";
    private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();

    /// <summary>
    /// Points every reference to <paramref name="from"/> at <paramref name="to"/> and returns one move per row, with
    /// the row's fingerprint as left by the merge. Integer concurrency tokens are bumped: the row has changed.
    /// </summary>
    public async Task<List<PatientMergeMove>> MoveAsync(Guid mergeId, Guid from, Guid to, CancellationToken ct)
    {
        var columns = PatientReferenceMap.ToMove(db.Model);
        var moved = new List<(PatientReferenceColumn Column, List<string> Keys)>();
        foreach (var c in columns)
        {
            var keys = new List<string>();
            await using (var select = Command($"SELECT CAST({Q(c.KeyColumn)} AS TEXT) FROM {Table(c)} WHERE {Q(c.Column)} = @p"))
            {
                Add(select, "@p", c.Property, from);
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    keys.Add(reader.GetString(0));
                }
            }

            if (keys.Count == 0)
            {
                continue;
            }

            await using (var update = Command($"UPDATE {Table(c)} SET {Q(c.Column)} = @to{Bump(c)} WHERE {Q(c.Column)} = @from"))
            {
                Add(update, "@to", c.Property, to);
                Add(update, "@from", c.Property, from);
                int n;
                try
                {
                    n = await update.ExecuteNonQueryAsync(ct);
                }
                catch (DbException e)
                {
                    // e.g. a unique index that includes the patient column: the survivor already has such a row.
                    throw new PatientMoveRefusedException(
                        $"{c.Table} cannot take these rows over to the surviving record: the database refused ({e.Message.Split('\n')[0].Trim()}).", e);
                }

                if (n != keys.Count)
                {
                    // The merge holds the write lock, so this means something wrote without it: refuse to guess.
                    throw new InvalidOperationException($"{c}: expected to move {keys.Count} rows, moved {n}.");
                }
            }

            moved.Add((c, keys));
        }

        // Fingerprint after every column has moved: a row with two patient columns is fingerprinted as finally left.
        var result = new List<PatientMergeMove>();
        foreach (var (c, keys) in moved)
        {
            var states = await StatesAsync(c, to, ct);
            foreach (var key in keys)
            {
                result.Add(new PatientMergeMove
                {
                    MergeId = mergeId, TableName = c.Table, KeyColumn = c.KeyColumn, ColumnName = c.Column, RowKey = key,
                    Fingerprint = states.TryGetValue(key, out var f) ? f : throw new InvalidOperationException($"{c} row {key} vanished during the merge."),
                });
            }
        }

        return result;
    }

    /// <summary>What stops these moves being put back: rows deleted, changed, or no longer pointing at the survivor.</summary>
    public async Task<List<MoveProblem>> CheckAsync(IReadOnlyList<PatientMergeMove> moves, Guid survivor, CancellationToken ct)
    {
        var columns = PatientReferenceMap.ToMove(db.Model).ToDictionary(c => (c.Table, c.Column));
        var problems = new List<MoveProblem>();
        foreach (var group in moves.GroupBy(m => (m.TableName, m.ColumnName)))
        {
            if (!columns.TryGetValue(group.Key, out var c))
            {
                problems.Add(new MoveProblem(group.Key.TableName, "*", $"column {group.Key.ColumnName} is no longer a patient reference in this version of the system"));
                continue;
            }

            var states = await StatesAsync(c, survivor, ct);
            foreach (var m in group)
            {
                if (states.TryGetValue(m.RowKey, out var now))
                {
                    if (now != m.Fingerprint)
                    {
                        problems.Add(new MoveProblem(c.Table, m.RowKey, "changed since the merge"));
                    }
                }
                else
                {
                    problems.Add(new MoveProblem(c.Table, m.RowKey, await ExistsAsync(c, m.RowKey, ct)
                        ? "now belongs to a different patient"
                        : "deleted since the merge"));
                }
            }
        }

        return problems;
    }

    /// <summary>Points the recorded rows back at <paramref name="original"/>, set-based; returns how many moved back.</summary>
    public async Task<int> RestoreAsync(Guid mergeId, IReadOnlyList<PatientMergeMove> moves, Guid survivor, Guid original, CancellationToken ct)
    {
        var columns = PatientReferenceMap.ToMove(db.Model).ToDictionary(c => (c.Table, c.Column));
        var moveEntity = db.Model.FindEntityType(typeof(PatientMergeMove))!;
        var store = StoreObjectIdentifier.Table(moveEntity.GetTableName()!, moveEntity.GetSchema());
        string Col(string property) => Q(moveEntity.FindProperty(property)!.GetColumnName(store)!);
        var restored = 0;
        foreach (var group in moves.GroupBy(m => (m.TableName, m.ColumnName)))
        {
            var c = columns[group.Key];
            await using var update = Command(
                $"UPDATE {Table(c)} SET {Q(c.Column)} = @to{Bump(c)} WHERE {Q(c.Column)} = @from AND CAST({Q(c.KeyColumn)} AS TEXT) IN " +
                $"(SELECT {Col(nameof(PatientMergeMove.RowKey))} FROM {_sql.DelimitIdentifier(moveEntity.GetTableName()!, moveEntity.GetSchema())} " +
                $"WHERE {Col(nameof(PatientMergeMove.MergeId))} = @merge AND {Col(nameof(PatientMergeMove.TableName))} = @table AND {Col(nameof(PatientMergeMove.ColumnName))} = @column)");
            Add(update, "@to", c.Property, original);
            Add(update, "@from", c.Property, survivor);
            Add(update, "@merge", moveEntity.FindProperty(nameof(PatientMergeMove.MergeId))!, mergeId);
            Add(update, "@table", moveEntity.FindProperty(nameof(PatientMergeMove.TableName))!, c.Table);
            Add(update, "@column", moveEntity.FindProperty(nameof(PatientMergeMove.ColumnName))!, c.Column);
            var n = await update.ExecuteNonQueryAsync(ct);
            if (n != group.Count())
            {
                throw new InvalidOperationException($"{c}: expected to restore {group.Count()} rows, restored {n}.");
            }

            restored += n;
        }

        return restored;
    }

    /// <summary>Every row of the column's table that refers to <paramref name="patientId"/>, keyed, as a fingerprint.</summary>
    private async Task<Dictionary<string, string>> StatesAsync(PatientReferenceColumn c, Guid patientId, CancellationToken ct)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var select = Command($"SELECT CAST({Q(c.KeyColumn)} AS TEXT) AS {KeyAlias}, * FROM {Table(c)} WHERE {Q(c.Column)} = @p");
        Add(select, "@p", c.Property, patientId);
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetString(0)] = Fingerprint(reader);
        }

        return result;
    }

    private async Task<bool> ExistsAsync(PatientReferenceColumn c, string rowKey, CancellationToken ct)
    {
        var entity = c.Property.DeclaringType.ContainingEntityType;
        var key = entity.FindPrimaryKey()!.Properties[0];
        await using var select = Command($"SELECT COUNT(*) FROM {Table(c)} WHERE {Q(c.KeyColumn)} = @k");
        Add(select, "@k", key, ParseKey(rowKey, key.ClrType));
        return Convert.ToInt64(await select.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0;
    }

    private static object ParseKey(string text, Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(Guid) ? Guid.Parse(text)
            : t == typeof(string) ? text
            : Convert.ChangeType(text, t, CultureInfo.InvariantCulture);
    }

    private static string Fingerprint(DbDataReader reader)
    {
        var sb = new StringBuilder();
        for (var i = 1; i < reader.FieldCount; i++)
        {
            sb.Append(reader.GetName(i)).Append('=');
            var v = reader.IsDBNull(i) ? null : reader.GetValue(i);
            sb.Append(v switch
            {
                null => "\u2400",
                byte[] b => Convert.ToHexString(b),
                DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => v.ToString(),
            });
            sb.Append('\u001f');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private string Bump(PatientReferenceColumn c) =>
        c.IntegerTokenColumn is { } token ? $", {Q(token)} = {Q(token)} + 1" : string.Empty;

    private string Q(string identifier) => _sql.DelimitIdentifier(identifier);

    private string Table(PatientReferenceColumn c) => _sql.DelimitIdentifier(c.Table, c.Schema);

    private DbCommand Command(string sql)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("Patient references are moved only inside a transaction.");
        return cmd;
    }

    private static void Add(DbCommand cmd, string name, IReadOnlyProperty property, object value) =>
        cmd.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(cmd, name, value, property.IsNullable));
}
