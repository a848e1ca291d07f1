using System.Text.RegularExpressions;
using SpackMon.Build.Monitoring;
using SpackMon.Build.Model;
using SpackMon.Build.Tasks;
using SpackMon.Client;

namespace SpackMon.Build.Tests;

[TestClass]
public sealed class SmallPartsTests
{
    [TestMethod]
    public void Challenge_of_the_reference_server_has_no_scheme_word()
    {
        var c = AuthChallenge.Parse("realm=\"http://127.0.0.1:8765/auth/token/\",service=\"http://127.0.0.1:8765\",scope=\"build\"")!;
        Assert.IsNull(c.Scheme);
        Assert.AreEqual("http://127.0.0.1:8765/auth/token/", c.Realm);
        Assert.AreEqual("http://127.0.0.1:8765", c.Service);
        Assert.AreEqual("build", c.Scope);
    }

    [TestMethod]
    public void Challenge_with_a_scheme_word_unquoted_values_and_escapes_is_parsed()
    {
        var c = AuthChallenge.Parse("Bearer realm=\"http://h/auth/token/\", service=http://h, scope=\"a \\\"b\\\"\"")!;
        Assert.AreEqual("Bearer", c.Scheme);
        Assert.AreEqual("http://h/auth/token/", c.Realm);
        Assert.AreEqual("http://h", c.Service);
        Assert.AreEqual("a \"b\"", c.Scope);
    }

    [TestMethod]
    public void Challenge_without_realm_is_no_challenge()
    {
        Assert.IsNull(AuthChallenge.Parse("Basic charset=\"UTF-8\""));
        Assert.IsNull(AuthChallenge.Parse(""));
        Assert.IsNull(AuthChallenge.Parse(null));
    }

    [TestMethod]
    public void Redactor_masks_the_token_url_passwords_and_secret_assignments()
    {
        var text = "token abcdef123456 used\nfetch https://bob:hunter2@example.org/feed\nNUGET_API_KEY=xyz987 and MY_PASSWORD: \"p w\"\nCS0103: name 'x' unknown";
        var redacted = OutputRedactor.Redact(text, new[] { "abcdef123456" })!;
        Assert.AreEqual("token *** used\nfetch https://bob:***@example.org/feed\nNUGET_API_KEY=*** and MY_PASSWORD: ***\nCS0103: name 'x' unknown", redacted);
        Assert.IsNull(OutputRedactor.Redact(null));
    }

    [TestMethod]
    public void Redactor_masks_authorization_headers_and_bearer_or_basic_credentials_but_not_the_word_basic()
    {
        var text = "> Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2ln\n"
            + "proxy-authorization: Basic Ym9iOmh1bnRlcjI=\n"
            + "curl -H 'X: 1' --oauth2-bearer x; token is Bearer abcdefghijklmnop1234 here\n"
            + "header Basic Ym9iOmh1bnRlcjIxMjM0 sent\n"
            + "Basic authentication is required for this feed\n"
            + "GITHUB_TOKEN=ghp_123 DB_SECRET=s3 ADMIN_PASSWORD=pw";
        Assert.AreEqual("> Authorization: ***\n"
            + "proxy-authorization: ***\n"
            + "curl -H 'X: 1' --oauth2-bearer x; token is Bearer *** here\n"
            + "header Basic *** sent\n"
            + "Basic authentication is required for this feed\n"
            + "GITHUB_TOKEN=*** DB_SECRET=*** ADMIN_PASSWORD=***", OutputRedactor.Redact(text));
    }

    [TestMethod]
    public void Redactor_leaves_code_in_compiler_output_alone_but_masks_tight_pairs_of_any_case()
    {
        var code = "Client.cs(12,40): error CS1750: A value of type 'int' cannot be used as a default parameter: Task RunAsync(CancellationToken cancellationToken = default, string password = null) [App.csproj]\n"
            + "Token: the next token in the stream";
        Assert.AreEqual(code, OutputRedactor.Redact(code), "C# code and prose are not secrets");
        Assert.AreEqual("Host=db;Username=app;Password=***;Database=x\nGET /feed?access_token=***&page=2",
            OutputRedactor.Redact("Host=db;Username=app;Password=hunter2;Database=x\nGET /feed?access_token=abc123&page=2"));
    }

    [TestMethod]
    public void Redactor_is_linear_on_hostile_output()
    {
        // Runs of name characters broken by '.' or '-' made the old regexes try every word boundary to the end of
        // the run: a 100 KB line took minutes, on the server too. Five 1 MB lines take milliseconds; a minute means a hang.
        var redaction = Task.Run(() =>
        {
            foreach (var unit in new[] { "a.", "A-", "x:y", "A_TOKEN=\"", "s://u:" })
                Assert.IsNotNull(OutputRedactor.Redact(string.Concat(Enumerable.Repeat(unit, 1_000_000 / unit.Length))));
        });
        Assert.IsTrue(redaction.Wait(TimeSpan.FromMinutes(1)), "Redaction of hostile output did not finish: it is not linear.");
    }

    [TestMethod]
    public void Credentials_message_is_spacks_exact_sentence_first()
    {
        StringAssert.StartsWith(Messages.CredentialsMissing.Format(), "You are required to export SPACKMON_TOKEN and SPACKMON_USER");
    }

    [TestMethod]
    public void Every_message_has_its_own_stable_code_and_says_what_to_do()
    {
        var messages = typeof(Messages).GetFields().Select(f => (MonitorMessage)f.GetValue(null)!).ToList();
        Assert.IsTrue(messages.Count >= 8);
        CollectionAssert.AllItemsAreUnique(messages.Select(m => m.Code).ToList());
        foreach (var m in messages)
        {
            StringAssert.Matches(m.Code, new Regex("^SPACKMON\\d{3}$"));
            Assert.IsTrue(m.WhatToDo.Length > 20, m.Code + " says what to do");
        }
        StringAssert.Contains(Messages.ServiceUnavailable.Format("http://h/ms1/: Connection refused"), "http://h/ms1/: Connection refused");
    }

    [TestMethod]
    public void Tags_are_trimmed_and_empty_ones_dropped()
    {
        Assert.AreEqual("ci,nightly", MonitorBegin.NormalizeTags(" ci, ,nightly ,"));
        Assert.IsNull(MonitorBegin.NormalizeTags(" "));
    }

    [TestMethod]
    public void Failure_outcomes_compile_error_cancelled_or_failed()
    {
        var compile = BuildOutcome.Failed("Lib", compileStarted: true, compileFinished: false, referencesResolved: true, hasProjectReferences: false);
        Assert.AreEqual(("FAILED", "ERROR", true), (compile.BuildStatus, compile.BuildPhaseStatus, compile.CompileFailed));
        var cancelled = BuildOutcome.Failed("App", false, false, referencesResolved: false, hasProjectReferences: true);
        Assert.AreEqual(("CANCELLED", "CANCELLED", false), (cancelled.BuildStatus, cancelled.BuildPhaseStatus, cancelled.CompileFailed));
        var other = BuildOutcome.Failed("App", false, false, referencesResolved: true, hasProjectReferences: true);
        Assert.AreEqual(("FAILED", "ERROR", false), (other.BuildStatus, other.BuildPhaseStatus, other.CompileFailed));
    }

    [TestMethod]
    public void Phase_output_lists_errors_first_with_counts_status_and_duration()
    {
        var output = PhaseOutput.Compose("Lib", "compile", "ERROR", TimeSpan.FromSeconds(1.5), new[]
        {
            new Diagnostic { Level = "warning", Code = "CS0219", Message = "unused", File = "A.cs", Line = 1, Column = 2 },
            new Diagnostic { Level = "error", Code = "CS0103", Message = "unknown", File = "A.cs", Line = 3, Column = 4 },
        }, null);
        Assert.AreEqual("==> Lib: Executing phase: 'compile'\nA.cs(3,4): error CS0103: unknown\nA.cs(1,2): warning CS0219: unused\n1 error(s), 1 warning(s)\n==> compile ERROR in 1.50 s\n", output);
    }

    [TestMethod]
    public void Linux_host_os_is_id_and_version_like_spack()
    {
        Assert.AreEqual("debian12", BuildEnvironmentProbe.LinuxOs("PRETTY_NAME=\"Debian GNU/Linux 12\"\nID=debian\nVERSION_ID=\"12\"\n"));
        Assert.AreEqual("ubuntu22.04", BuildEnvironmentProbe.LinuxOs("ID=ubuntu\nVERSION_ID=\"22.04\""));
        var current = BuildEnvironmentProbe.Current();
        Assert.IsFalse(string.IsNullOrEmpty(current.Hostname));
        Assert.IsFalse(string.IsNullOrEmpty(current.KernelVersion));
        Assert.AreEqual("x86_64", BuildEnvironmentProbe.HostTarget(System.Runtime.InteropServices.Architecture.X64));
    }
}
