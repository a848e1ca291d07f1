using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SpackMon.Protocol;
using SpackMon.Server.Api;
using SpackMon.Server.Auth;
using SpackMon.Server.Storage;

namespace SpackMon.Server;

/// <summary>
/// A running Spack Monitor server: Kestrel with the ms1 API, the token endpoint and the read API over a
/// SQLite or PostgreSQL database. Used by <c>spackmon serve</c> and started in-process by tests.
/// </summary>
public sealed class MonitorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MonitorStore _store;

    private MonitorServer(WebApplication app, MonitorStore store, Uri baseAddress)
    {
        _app = app;
        _store = store;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234</c> (no prefix).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The database in use, e.g. <c>SQLite /home/me/.local/share/spackmon/spackmon.db</c>.</summary>
    public string StorageDescription => _store.Description;

    /// <summary>The server's version, as service info reports it.</summary>
    public static string Version { get; } =
        typeof(MonitorServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Opens (creating or migrating) the database and starts listening.</summary>
    public static async Task<MonitorServer> StartAsync(ServerOptions options, CancellationToken ct = default)
    {
        options.Validate();
        var store = await MonitorStore.OpenAsync(options, ct);
        try
        {
            // Kept in the database so that tokens stay valid across restarts and across servers sharing one database.
            var key = options.JwtSigningKey ?? Convert.FromHexString(await store.GetOrCreateSettingAsync(
                "jwt_signing_key", () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), ct));
            long? defaultUser = options.DisableAuth ? await store.GetOrCreateUserAsync(Authenticator.DefaultUserName, ct) : null;
            var createdAt = await store.GetOrCreateSettingAsync("created_at", Timestamp.Now, ct);

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                ApplicationName = "spackmon",
                ContentRootPath = AppContext.BaseDirectory,
                Args = [],
            });
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.UseUrls(options.Urls);
            builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
            var app = builder.Build();

            var auth = new Authenticator(store, new JsonWebTokens(key, options.TokenLifetimeSeconds, TimeProvider.System), options, defaultUser);
            var ms1 = new Ms1Api(store, auth, options, ServiceInfo(createdAt));
            app.UseJsonErrors();
            app.UseRouting();
            app.MapGet("/auth/token/", Ms1Api.Handler(auth.IssueTokenAsync));
            if (options.MovedPrefix is { } moved)
            {
                ms1.Map(app, options.Prefix, moved);
                ms1.Map(app, moved, null);
            }
            else
            {
                ms1.Map(app, options.Prefix, null);
            }
            new ReadApi(store).Map(app);
            new Web.WebUi(store, options.MovedPrefix ?? options.Prefix).Map(app);

            await app.StartAsync(ct);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new MonitorServer(app, store, new Uri(address.Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost")));
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a user and returns its API token, in plain text this once (only its hash is stored).</summary>
    /// <exception cref="ArgumentException">The name is not valid.</exception>
    /// <exception cref="InvalidOperationException">The user exists already.</exception>
    public Task<string> AddUserAsync(string name) => AddUserAsync(_store, name, CancellationToken.None);

    internal static async Task<string> AddUserAsync(MonitorStore store, string name, CancellationToken ct)
    {
        if (ApiTokens.ValidateUserName(name) is { } problem)
            throw new ArgumentException(problem, nameof(name));
        var token = ApiTokens.Generate();
        if (!await store.CreateUserAsync(name, ApiTokens.Hash(token), ct))
            throw new InvalidOperationException($"The user {name} already exists; \"spackmon get-token {name}\" gives it a new token.");
        return token;
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM).</summary>
    internal Task WaitForShutdownAsync(CancellationToken ct) => _app.WaitForShutdownAsync(ct);

    /// <summary>Stops listening and closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _store.DisposeAsync();
    }

    private static ServiceInfo ServiceInfo(string createdAt) => new()
    {
        Description = "This service provides a database to monitor spack builds.",
        Organization = new ServiceOrganization { Name = "SpackMon.Build", Url = "https://www.nuget.org/packages/SpackMon.Build" },
        ContactUrl = "https://github.com/spack/spack-monitor/issues",
        DocumentationUrl = "https://spack-monitor.readthedocs.io",
        CreatedAt = createdAt,
        UpdatedAt = Timestamp.Now(),
        Environment = "production",
        Version = Version,
        AuthInstructionsUrl = "https://spack-monitor.readthedocs.io/en/latest/getting_started/auth.html",
    };
}
