namespace SpackMon.Server.Storage;

/// <summary>
/// Everything the server keeps, over plain ADO.NET and SQL that SQLite and PostgreSQL both run. Get-or-create
/// is "INSERT ... ON CONFLICT DO NOTHING" against a unique constraint, then SELECT: concurrent identical posts
/// meet at the constraint and end with one row and no error.
/// </summary>
internal sealed partial class MonitorStore : IAsyncDisposable
{
    private const int MaxAttempts = 5;
    private readonly Database _database;

    private MonitorStore(Database database) => _database = database;

    /// <summary>Where the data lives, for messages.</summary>
    public string Description => _database.Description;

    /// <summary>Opens the database of <paramref name="options"/> and brings its schema up to date.</summary>
    public static async Task<MonitorStore> OpenAsync(ServerOptions options, CancellationToken ct)
    {
        var database = Database.Create(options);
        try
        {
            await Schema.MigrateAsync(database, ct);
            var store = new MonitorStore(database);
            await store.GetOrCreateSettingAsync("created_at", Timestamp.Now, ct);
            return store;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    /// <summary>Runs <paramref name="work"/> in one write transaction, again when the database reports a transient conflict.</summary>
    private async Task<T> WriteAsync<T>(Func<Session, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var lease = await _database.BeginWriteAsync(ct);
                await using var tx = await lease.Connection.BeginTransactionAsync(ct);
                var result = await work(new Session(lease.Connection, tx, ct));
                await tx.CommitAsync(ct);
                return result;
            }
            catch (Exception e) when (attempt < MaxAttempts && _database.IsTransient(e))
            {
                await Task.Delay(10 * attempt, ct);
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> on a connection without a transaction (single reads).</summary>
    private async Task<T> ReadAsync<T>(Func<Session, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return await work(new Session(connection, null, ct));
    }

    /// <summary>The value of a setting, created from <paramref name="create"/> by whoever comes first.</summary>
    public Task<string> GetOrCreateSettingAsync(string key, Func<string> create, CancellationToken ct) => WriteAsync(async s =>
    {
        await s.ExecuteAsync("INSERT INTO settings (key, value) VALUES (@k, @v) ON CONFLICT (key) DO NOTHING", ("@k", key), ("@v", create()));
        return (string)(await s.ScalarAsync("SELECT value FROM settings WHERE key = @k", ("@k", key)))!;
    }, ct);

    public Task<UserRecord?> FindUserAsync(string name, CancellationToken ct) => ReadAsync(async s =>
        (await s.QueryAsync("SELECT id, name, token_hash FROM users WHERE name = @n",
            r => new UserRecord(r.Long(0), r.Text(1), r.NullableText(2)), ("@n", name))).FirstOrDefault(), ct);

    /// <summary>Creates a user with the hash of its token; false when the name is taken.</summary>
    public Task<bool> CreateUserAsync(string name, string? tokenHash, CancellationToken ct) => WriteAsync(async s =>
        await s.ExecuteAsync("INSERT INTO users (name, token_hash, add_date) VALUES (@n, @t, @d) ON CONFLICT (name) DO NOTHING",
            ("@n", name), ("@t", tokenHash), ("@d", Timestamp.Now())) == 1, ct);

    /// <summary>Replaces a user's token hash; false when there is no such user.</summary>
    public Task<bool> SetUserTokenAsync(string name, string tokenHash, CancellationToken ct) => WriteAsync(async s =>
        await s.ExecuteAsync("UPDATE users SET token_hash = @t WHERE name = @n", ("@n", name), ("@t", tokenHash)) == 1, ct);

    /// <summary>The id of a user, created without a token when missing (the owner of builds when auth is off).</summary>
    public Task<long> GetOrCreateUserAsync(string name, CancellationToken ct) => WriteAsync(async s =>
    {
        await s.ExecuteAsync("INSERT INTO users (name, token_hash, add_date) VALUES (@n, NULL, @d) ON CONFLICT (name) DO NOTHING",
            ("@n", name), ("@d", Timestamp.Now()));
        return (await s.LongAsync("SELECT id FROM users WHERE name = @n", ("@n", name)))!.Value;
    }, ct);

    public Task<List<UserSummary>> ListUsersAsync(CancellationToken ct) => ReadAsync(s => s.QueryAsync(
        "SELECT u.name, u.add_date, (SELECT COUNT(*) FROM builds b WHERE b.owner_id = u.id), u.token_hash FROM users u ORDER BY u.name",
        r => new UserSummary(r.Text(0), r.Text(1), r.Long(2), !r.IsDBNull(3))), ct);
}
