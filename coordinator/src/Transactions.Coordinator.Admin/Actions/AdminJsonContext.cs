using System.Text.Json;
using System.Text.Json.Serialization;

namespace Transactions.Coordinator.Admin.Actions;

/// <summary>Source-generated JSON for the audit log's before/after states (camelCase, compact).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AdminTransactionState))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
