using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SpackMon.Protocol;

/// <summary>
/// Serialization code for the protocol types, generated at compile time: no reflection, and no code emitted at run
/// time the first time a type is read or written, which every MSBuild node of a build would pay again
/// (about 40 ms per process). <see cref="MonitorJson.Options"/> uses it first; other types fall back to reflection.
/// </summary>
[JsonSerializable(typeof(ServiceInfo))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(SpecNode))]
[JsonSerializable(typeof(List<SpecNode>))]
[JsonSerializable(typeof(NewSpecRequest))]
[JsonSerializable(typeof(NewBuildRequest))]
[JsonSerializable(typeof(PhaseUpdateRequest))]
[JsonSerializable(typeof(BuildUpdateRequest))]
[JsonSerializable(typeof(AnalyzeRequest))]
[JsonSerializable(typeof(MonitorResponse<NewSpecData>))]
[JsonSerializable(typeof(MonitorResponse<NewBuildData>))]
[JsonSerializable(typeof(MonitorResponse<PhaseUpdateData>))]
[JsonSerializable(typeof(MonitorResponse<BuildData>))]
[JsonSerializable(typeof(MonitorResponse<JsonNode>))]
[JsonSerializable(typeof(List<string>))]
internal partial class MonitorJsonContext : JsonSerializerContext
{
}
