using System.Buffers;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Transactions.Participants.Tcc;

/// <summary>Writes a Try's named arguments (all but <see cref="CancellationToken"/>) as a JSON object.</summary>
internal static class TccActionContextSerializer
{
    public static string Serialize(TccActionDescriptor action, object?[] arguments, JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var parameter in action.ContextParameters)
            {
                writer.WritePropertyName(parameter.Name!);
                try
                {
                    JsonSerializer.Serialize(writer, arguments[parameter.Position], parameter.ParameterType, options);
                }
                catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
                {
                    throw new InvalidOperationException(
                        $"The argument '{parameter.Name}' of TCC action '{action.Name}' cannot be serialized into the action context: {ex.Message}", ex);
                }
            }

            writer.WriteEndObject();
        }

        var json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (json.Length > TransactionsDefaults.MaxActionContextLength)
        {
            throw new InvalidOperationException(
                $"The action context of TCC action '{action.Name}' is {json.Length} characters, over the coordinator's limit of "
                + $"{TransactionsDefaults.MaxActionContextLength}: pass identifiers to the Try, not whole documents.");
        }

        return json;
    }

    /// <summary>The parameters that go into the context.</summary>
    public static ParameterInfo[] ContextParameters(MethodInfo tryMethod) =>
        tryMethod.GetParameters().Where(p => p.ParameterType != typeof(CancellationToken)).ToArray();
}
