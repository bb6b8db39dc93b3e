using System.Text.RegularExpressions;
using Npgsql;

namespace Transactions.Coordinator.Storage.Providers;

/// <summary>
/// A statement written with named parameters (<c>@xid</c>), rewritten once into PostgreSQL's positional form
/// (<c>$1</c>). Npgsql sends a command whose parameters are unnamed as it is, without parsing and rewriting its
/// text on every execution (that parsing was the coordinator's single most expensive method under load,
/// 3.5% of its CPU by <c>perf</c>).
/// </summary>
internal sealed partial class PositionalSql
{
    private readonly Dictionary<string, int> _positions;

    private PositionalSql(string text, Dictionary<string, int> positions)
    {
        Text = text;
        _positions = positions;
    }

    /// <summary>The statement with <c>$n</c> placeholders.</summary>
    public string Text { get; }

    /// <summary>Rewrites <paramref name="sql"/>: each distinct <c>@name</c> becomes <c>$n</c>, numbered in order of first use.</summary>
    public static PositionalSql From(string sql)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var text = Name().Replace(sql, match =>
        {
            var name = match.Groups[1].Value;
            if (!positions.TryGetValue(name, out var position))
            {
                position = positions.Count;
                positions.Add(name, position);
            }

            return "$" + (position + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        return new PositionalSql(text, positions);
    }

    /// <summary>
    /// Orders <paramref name="named"/> by position and clears their names (positional mode). Every parameter the
    /// statement uses must be given exactly once.
    /// </summary>
    public NpgsqlParameter[] Bind(IReadOnlyList<NpgsqlParameter> named)
    {
        if (named.Count != _positions.Count)
        {
            throw new ArgumentException($"The statement takes {_positions.Count} parameters, {named.Count} were given.", nameof(named));
        }

        var bound = new NpgsqlParameter[named.Count];
        foreach (var parameter in named)
        {
            if (!_positions.TryGetValue(parameter.ParameterName, out var position) || bound[position] is not null)
            {
                throw new ArgumentException($"The statement has no parameter @{parameter.ParameterName}, or it was given twice.", nameof(named));
            }

            parameter.ParameterName = string.Empty;
            bound[position] = parameter;
        }

        return bound;
    }

    [GeneratedRegex(@"@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Name();
}
