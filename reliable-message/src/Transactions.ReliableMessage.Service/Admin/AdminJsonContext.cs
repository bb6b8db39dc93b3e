using System.Text.Json;
using System.Text.Json.Serialization;

namespace Transactions.ReliableMessage.Service.Admin;

/// <summary>Source-generated JSON for the audit log's before/after states (camelCase, compact).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DeliveryState))]
[JsonSerializable(typeof(MessageState))]
[JsonSerializable(typeof(NotificationState))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
