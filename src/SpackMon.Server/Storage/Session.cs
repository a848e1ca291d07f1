using System.Data;
using System.Data.Common;
using System.Globalization;

namespace SpackMon.Server.Storage;

/// <summary>A connection (and maybe a transaction) with small helpers for parameterized SQL.</summary>
internal sealed class Session(DbConnection connection, DbTransaction? transaction, CancellationToken ct)
{
    public CancellationToken Cancellation => ct;

    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    public async Task<long?> LongAsync(string sql, params (string Name, object? Value)[] parameters) =>
        await ScalarAsync(sql, parameters) is { } v ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : null;

    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
            rows.Add(map(reader));
        return rows;
    }

    private DbCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null)
                parameter.DbType = DbType.String; // every nullable parameter is text or CAST in the SQL
            command.Parameters.Add(parameter);
        }
        return command;
    }
}

/// <summary>Reading columns that are the same .NET type in SQLite and PostgreSQL.</summary>
internal static class ReaderExtensions
{
    public static long Long(this DbDataReader r, int i) => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);

    public static string Text(this DbDataReader r, int i) => r.IsDBNull(i) ? "" : r.GetString(i);

    public static string? NullableText(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}

/// <summary>Timestamps as the protocol writes them: ISO 8601 UTC with microseconds.</summary>
internal static class Timestamp
{
    public static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
