using System.ComponentModel.DataAnnotations;

namespace Infirmary.Platform.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Bound from <c>Infirmary:Database</c>; validated on start so a typo fails fast, not on the first query.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Infirmary:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>ADO.NET connection string. For SQLite the default is a file under <c>data/</c>.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/infirmary.db";

    /// <summary>Apply pending migrations when the web host starts (the default; turn off when a release job migrates).</summary>
    public bool MigrateOnStart { get; set; } = true;
}
