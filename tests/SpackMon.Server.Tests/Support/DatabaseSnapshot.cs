using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SpackMon.Server.Tests.Support;

/// <summary>Reads a server's database directly: every row of every table as text, to prove that nothing changed.</summary>
internal static class DatabaseSnapshot
{
    /// <summary>Every table with its rows, sorted, as one text.</summary>
    public static async Task<string> TakeAsync(ServerOptions options)
    {
        await using var connection = await OpenAsync(options);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = options.PostgresConnectionString is null
                ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                : "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        }
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            var rows = new List<string>();
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM {table}";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(string.Join("\t", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            rows.Sort(StringComparer.Ordinal);
            text.Append("== ").Append(table).Append(" (").Append(rows.Count).AppendLine(" rows)");
            foreach (var row in rows)
                text.AppendLine(row);
        }
        return text.ToString();
    }

    /// <summary>A value of the settings table.</summary>
    public static async Task<string> SettingAsync(ServerOptions options, string key)
    {
        await using var connection = await OpenAsync(options);
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT value FROM settings WHERE key = '{key}'";
        return (string)(await select.ExecuteScalarAsync() ?? throw new AssertFailedException($"No setting {key}."));
    }

    private static async Task<DbConnection> OpenAsync(ServerOptions options)
    {
        DbConnection connection = options.PostgresConnectionString is { } pg
            ? new NpgsqlConnection(pg)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = options.SqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}
