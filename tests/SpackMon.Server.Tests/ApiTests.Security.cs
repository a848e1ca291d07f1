using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SpackMon.Server.Tests.Support;
using static SpackMon.Server.Tests.Support.SpecBuilder;

namespace SpackMon.Server.Tests;

/// <summary>JWT validity windows, the signing key, the per-user rate limit, and secrets kept out of the database.</summary>
public abstract partial class ApiTests
{
    [TestMethod]
    public async Task Tokens_signed_with_the_servers_own_key_are_refused_when_expired_or_not_yet_valid()
    {
        var options = await Databases!.CreateAsync();
        await using var server = await ServerUnderTest.StartAsync(options, "alice");
        var key = Convert.FromHexString(await DatabaseSnapshot.SettingAsync(options, "jwt_signing_key"));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var body = SpecBody("1.0.0", Node("windows", NewHash())).ToJsonString();

        var valid = await server.SendAsync(HttpMethod.Post, "/ms1/specs/new/", body, "Bearer " + Jwt(key, "alice", now - 10, now + 300));
        Assert.AreEqual(201, valid.Code, "a token made here like the server's must be accepted, or the refusals below prove nothing: " + valid);
        foreach (var (why, token) in new[]
                 {
                     ("expired", Jwt(key, "alice", now - 900, now - 300)),
                     ("expiring now", Jwt(key, "alice", now - 900, now)),
                     ("not valid before a future time", Jwt(key, "alice", now + 300, now + 900)),
                     ("without an expiry", Jwt(key, "alice", now - 10, null)),
                     ("signed with another key", Jwt(RandomNumberGenerator.GetBytes(32), "alice", now - 10, now + 300)),
                     ("for an unknown user", Jwt(key, "mallory", now - 10, now + 300)),
                 })
        {
            var reply = await server.SendAsync(HttpMethod.Post, "/ms1/specs/new/", body, "Bearer " + token);
            Assert.AreEqual(401, reply.Code, $"a token {why}: {reply}");
            Assert.IsTrue(reply.Headers.Contains("WWW-Authenticate"), why);
        }
    }

    [TestMethod]
    public async Task A_configured_signing_key_signs_the_tokens_and_keeps_sessions_across_restarts_only_while_it_stays()
    {
        var options = await Databases!.CreateAsync();
        var key = Encoding.UTF8.GetBytes("a-configured-signing-key-of-forty-bytes!");
        options.JwtSigningKey = key;
        string jwt;
        await using (var first = await ServerUnderTest.StartAsync(options, "erin"))
            jwt = await first.JwtAsync("erin");
        var parts = jwt.Split('.');
        Assert.AreEqual(Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]))), parts[2], "signed with the configured key");

        var body = SpecBody("1.0.0", Node("keyed", NewHash())).ToJsonString();
        await using (var same = await ServerUnderTest.StartAsync(options))
            Assert.AreEqual(201, (await same.SendAsync(HttpMethod.Post, "/ms1/specs/new/", body, "Bearer " + jwt)).Code, "same key after a restart");
        options.JwtSigningKey = Encoding.UTF8.GetBytes("another-configured-signing-key-40-bytes!");
        await using (var other = await ServerUnderTest.StartAsync(options))
            Assert.AreEqual(401, (await other.SendAsync(HttpMethod.Post, "/ms1/specs/new/", body, "Bearer " + jwt)).Code, "another key");
        options.JwtSigningKey = null;
        await using (var generated = await ServerUnderTest.StartAsync(options))
            Assert.AreEqual(401, (await generated.SendAsync(HttpMethod.Post, "/ms1/specs/new/", body, "Bearer " + jwt)).Code, "the generated key of the database");
        Assert.AreEqual(64, (await DatabaseSnapshot.SettingAsync(options, "jwt_signing_key")).Length, "a generated key has 256 bits");
    }

    [TestMethod]
    public async Task A_user_over_the_rate_limit_gets_429_with_retry_after_while_other_users_go_on()
    {
        await using var server = await ServerUnderTest.StartAsync(Databases!, o => o.RateLimitPerSecond = 2, "alice", "bob");
        var body = new JsonObject { ["build_id"] = 999999, ["status"] = "FAILED" };
        Reply? limited = null;
        for (var i = 0; i < 100 && limited is null; i++)
        {
            var reply = await server.PostAsync("/ms1/builds/update/", body, "alice");
            if (reply.Code == 429)
                limited = reply;
            else
                Assert.AreEqual(404, reply.Code, reply.ToString());
        }
        Assert.IsNotNull(limited, "100 requests at once must go over a limit of 2 a second");
        AssertMessage(limited, 429);
        Assert.IsGreaterThanOrEqualTo(1, limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds);
        Assert.AreEqual(404, (await server.PostAsync("/ms1/builds/update/", body, "bob")).Code, "another user has a limit of their own");
    }

    [TestMethod]
    public async Task Secrets_in_phase_output_and_environment_variables_are_masked_before_they_are_stored()
    {
        var options = await Databases!.CreateAsync();
        await using var server = await ServerUnderTest.StartAsync(options, "alice");
        var root = NewHash();
        Assert.AreEqual(201, (await server.PostAsync("/ms1/specs/new/", SpecBody("1.0.0", Node("secrets", root)))).Code);
        var build = (await server.PostAsync("/ms1/builds/new/", BuildBody(root))).Json["data"]!["build"]!["build_id"]!.GetValue<long>();
        var secrets = new[] { "hunter2pass", "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0dG9rZW4", "ghp_secretvalue123", "s3cr3tvalue", "dbpassword99", "envtoken777" };
        var output = $"GET https://bob:{secrets[0]}@feed.example/v3/index.json\nAuthorization: Bearer {secrets[1]}\n" +
                     $"export GITHUB_TOKEN={secrets[2]} AWS_SECRET={secrets[3]}\nDB_PASSWORD={secrets[4]}\nBuild succeeded.";
        Assert.AreEqual(200, (await server.PostAsync("/ms1/builds/phases/update/", new JsonObject
        {
            ["build_id"] = build, ["phase_name"] = "compile", ["status"] = "SUCCESS", ["output"] = output,
        })).Code);
        Assert.AreEqual(200, (await server.PostAsync("/ms1/analyze/builds/", new JsonObject
        {
            ["build_id"] = build,
            ["metadata"] = new JsonObject { ["environment_variables"] = new JsonObject { ["SPACKMON_TOKEN"] = secrets[5], ["PATH"] = "/usr/bin" } },
        })).Code);

        var stored = await DatabaseSnapshot.TakeAsync(options);
        foreach (var secret in secrets)
            Assert.DoesNotContain(secret, stored, "a secret reached the database");
        StringAssert.Contains(stored, "Build succeeded.");
        StringAssert.Contains(stored, "/usr/bin");
        var phase = (await server.GetAsync($"/api/builds/{build}/")).Json["phases"]!.AsArray().Single()!["output"]!.GetValue<string>();
        StringAssert.Contains(phase, "https://bob:***@feed.example");
        StringAssert.Contains(phase, "Authorization: ***");
    }

    [TestMethod]
    public async Task A_NUL_in_a_log_or_a_value_is_stored_as_a_replacement_character()
    {
        var root = NewHash();
        Assert.AreEqual(201, (await S.PostAsync("/ms1/specs/new/", SpecBody("1.0.0", Node("nul-" + root[..6], root)))).Code);
        var build = await NewBuildAsync(root);
        var phase = await S.PostAsync("/ms1/builds/phases/update/", new JsonObject { ["build_id"] = build, ["phase_name"] = "compile", ["status"] = "SUCCESS", ["output"] = "a\u0000b" });
        Assert.AreEqual(200, phase.Code, "PostgreSQL text cannot hold NUL, which was a 500: " + phase);
        var analysis = await S.PostAsync("/ms1/analyze/builds/", new JsonObject { ["build_id"] = build, ["metadata"] = new JsonObject { ["config_args"] = "--x=\u0000" } });
        Assert.AreEqual(200, analysis.Code, analysis.ToString());
        Assert.AreEqual("a\uFFFDb", (await BuildViewAsync(build))["phases"]!.AsArray().Single()!["output"]!.GetValue<string>());
    }

    private static string Jwt(byte[] key, string user, long notBefore, long? expires)
    {
        var claims = new JsonObject { ["iss"] = "test", ["sub"] = user, ["nbf"] = notBefore, ["iat"] = notBefore, ["jti"] = Guid.NewGuid().ToString() };
        if (expires is { } exp)
            claims["exp"] = exp;
        var input = Base64Url(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""")) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return input + "." + Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(input)));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
