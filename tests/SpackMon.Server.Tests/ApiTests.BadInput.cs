using System.Text.Json.Nodes;
using SpackMon.Server.Tests.Support;
using static SpackMon.Server.Tests.Support.SpecBuilder;

namespace SpackMon.Server.Tests;

public abstract partial class ApiTests
{
    [TestMethod]
    public async Task Bad_input_gets_a_4xx_json_message_and_changes_nothing()
    {
        var (root, _) = await PostSpecAsync();
        var build = await NewBuildAsync(root, tags: "kept");
        await S.PostAsync("/ms1/builds/phases/update/", new JsonObject { ["build_id"] = build, ["phase_name"] = "compile", ["status"] = "SUCCESS", ["output"] = "ok" });
        var before = (await BuildViewAsync(build)).ToJsonString();
        var tooLong = new string('h', 300);

        var cases = new (string Path, string Body, string Expect)[]
        {
            ("specs/new", "{\"spec\": [1, 2,", "not valid JSON"),
            ("builds/new", "not json", "not valid JSON"),
            ("builds/update", "", "empty"),
            ("builds/update", "   ", "empty"),
            ("builds/update", "[1,2]", "must be a JSON object"),
            ("builds/update", "\"text\"", "must be a JSON object"),
            ("builds/update", "null", "must be a JSON object"),
            ("specs/new", "{\"spack_version\":\"1.0.0\"}", "spec is required"),
            ("specs/new", "{\"spec\":{\"foo\":1},\"spack_version\":\"1.0.0\"}", "nodes"),
            ("specs/new", "{\"spec\":{\"nodes\":[]},\"spack_version\":\"1.0.0\"}", "no nodes"),
            ("specs/new", "{\"spec\":{\"nodes\":[{\"version\":\"1\"}]},\"spack_version\":\"1.0.0\"}", "name"),
            ("specs/new", "{\"spec\":{\"nodes\":[{\"name\":\"x\"}]},\"spack_version\":\"1.0.0\"}", "full_hash"),
            ("specs/new", "{\"spec\":{\"nodes\":[{\"name\":\"x\",\"full_hash\":\"a\",\"dependencies\":5}]},\"spack_version\":\"1.0.0\"}", "dependencies"),
            ("specs/new", "{\"spec\":{\"nodes\":[{\"name\":{},\"full_hash\":\"a\"}]},\"spack_version\":\"1.0.0\"}", "must be a string"),
            ("specs/new", "{\"spec\":42,\"spack_version\":\"1.0.0\"}", "spec"),
            ("specs/new", "{\"spec\":{\"nodes\":[{\"name\":\"x\",\"full_hash\":\"a\"}]},\"spack_version\":[\"1\"]}", "\"spack_version\" must be a string"),
            ("specs/new", SpecBody("1.0.0", Node(tooLong, NewHash())).ToJsonString(), "256"),
            ("builds/new", BuildBody(root).ToJsonString().Replace("\"host-a\"", "{\"a\":1}"), "\"hostname\" must be a string"),
            ("builds/new", BuildBody(root, hostname: tooLong).ToJsonString(), "\"hostname\" is longer than the limit of 256"),
            ("builds/new", BuildBody(root).ToJsonString().Replace("\"tags\":null", "\"tags\":{\"a\":1}"), "\"tags\""),
            ("builds/new", BuildBody(root, tags: tooLong).ToJsonString(), "256"),
            ("builds/update", $"{{\"build_id\":{{\"id\":{build}}},\"status\":\"FAILED\"}}", "\"build_id\" must be"),
            ("builds/update", "{\"build_id\":\"8db5f6438142465937b44dc6c2832230\",\"status\":\"FAILED\"}", "\"build_id\" must be"),
            ("builds/update", $"{{\"build_id\":-{build},\"status\":\"FAILED\"}}", "\"build_id\" must be"),
            ("builds/update", $"{{\"build_id\":{build}.5,\"status\":\"FAILED\"}}", "\"build_id\" must be"),
            ("builds/update", $"{{\"build_id\":{build},\"status\":7}}", "Invalid status"),
            ("builds/update", $"{{\"build_id\":{build},\"status\":\"SUCCESS\",\"status\":\"FAILED\"}}", "Duplicate property"),
            ("specs/new", "{\"spec\":{\"nodes\":[{\"name\":\"x\",\"name\":\"y\",\"full_hash\":\"a\"}]},\"spack_version\":\"1\"}", "Duplicate property"),
            ("specs/new", "{\"spec\":{\"nodes\":[{\"name\":\"x\",\"full_hash\":\"a\",\"arch\":5}]},\"spack_version\":\"1\"}", "arch"),
            ("specs/new", "{\"spec\":{\"nodes\":[{\"name\":\"x\",\"full_hash\":\"a\",\"parameters\":[]}]},\"spack_version\":\"1\"}", "parameters"),
            ("specs/new", "{\"spec\":{\"nodes\":[{\"name\":\"x\",\"full_hash\":\"a\",\"dependencies\":[{\"name\":\"d\",\"full_hash\":\"b\",\"type\":{}}]}]},\"spack_version\":\"1\"}", "type"),
            ("specs/new", "{\"spec\":[{\"x\":5}],\"spack_version\":\"1\"}", "name"),
            ("specs/new", "{\"spec\":" + new string('[', 100) + new string(']', 100) + ",\"spack_version\":\"1\"}", "not valid JSON"),
            ("builds/update", $"{{\"build_id\":{build},\"status\":\"{tooLong}\"}}", "256"),
            ("builds/phases/update", $"{{\"build_id\":{build},\"phase_name\":\"compile\",\"status\":\"FAILED\",\"output\":[\"x\"]}}", "\"output\""),
            ("builds/phases/update", $"{{\"build_id\":{build},\"phase_name\":\"{tooLong}\",\"status\":\"FAILED\"}}", "256"),
            ("builds/phases/update", $"{{\"build_id\":{build},\"phase_name\":\"compile\",\"status\":\"DONE\"}}", "Invalid phase status"),
            ("analyze/builds", $"{{\"build_id\":{build},\"metadata\":\"x\"}}", "\"metadata\""),
        };
        foreach (var (path, body, expect) in cases)
        {
            var reply = await S.PostAsync($"/ms1/{path}/", body, "alice", "application/x-www-form-urlencoded");
            Assert.AreEqual(400, reply.Code, $"{path} {body[..Math.Min(body.Length, 120)]}: {reply}");
            Assert.AreEqual("application/json", reply.ContentType);
            StringAssert.Contains(reply.Json["message"]!.GetValue<string>(), expect, $"{path} {body[..Math.Min(body.Length, 120)]}");
        }
        Assert.AreEqual(before, (await BuildViewAsync(build)).ToJsonString());
    }

    [TestMethod]
    public async Task An_oversized_body_answers_413_with_json()
    {
        await using var server = await ServerUnderTest.StartAsync(Databases!, o => o.MaxRequestBodyBytes = 4096, "alice");
        var big = SpecBody("1.0.0", Node("big", NewHash()));
        big["padding"] = new string('x', 20_000);
        var reply = await server.PostAsync("/ms1/specs/new/", big);
        Assert.AreEqual(413, reply.Code, reply.ToString());
        StringAssert.Contains(reply.Json["message"]!.GetValue<string>(), "4096 bytes");
        Assert.AreEqual(201, (await server.PostAsync("/ms1/specs/new/", SpecBody("1.0.0", Node("small", NewHash())))).Code, "the server goes on");
    }
}
