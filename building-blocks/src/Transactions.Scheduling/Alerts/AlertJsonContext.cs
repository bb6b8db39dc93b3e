using System.Text.Json;
using System.Text.Json.Serialization;

namespace Transactions.Scheduling.Alerts;

/// <summary>The alert body's JSON (web defaults: camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(OperatorAlert))]
internal sealed partial class AlertJsonContext : JsonSerializerContext;
