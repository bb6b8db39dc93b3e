using System.Globalization;
using Npgsql;

namespace Transactions.Testing.Jobs;

/// <summary>
/// Calls on a service's Hangfire dashboard (<c>/hangfire</c>) with an admin key, and reads of Hangfire's tables in a
/// PostgreSQL database (schema <c>hangfire</c>), for the jobs tests of both services.
/// </summary>
public static class JobsDashboard
{
    /// <summary>GET <paramref name="path"/> with <paramref name="key"/> in <c>X-Api-Key</c> (none when null).</summary>
    public static Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string? key) =>
        SendAsync(http, new HttpRequestMessage(HttpMethod.Get, path), key);

    /// <summary>The dashboard's "Trigger now" for the recurring job <paramref name="recurringJobId"/>.</summary>
    public static Task<HttpResponseMessage> TriggerAsync(HttpClient http, string recurringJobId, string? key) =>
        SendAsync(
            http,
            new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger") { Content = new FormUrlEncodedContent([new("jobs[]", recurringJobId)]) },
            key);

    /// <summary>Hangfire's jobs in the database, or only those in <paramref name="state"/> (e.g. <c>Succeeded</c>).</summary>
    public static Task<long> CountJobsAsync(string connectionString, string? state = null) =>
        ScalarAsync(connectionString, state is null ? "SELECT count(*) FROM hangfire.job" : $"SELECT count(*) FROM hangfire.job WHERE statename = '{state}'");

    /// <summary>A count (or any integer) read with <paramref name="sql"/>.</summary>
    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string? key)
    {
        using (request)
        {
            if (key is not null)
            {
                request.Headers.Add("X-Api-Key", key);
            }

            return await http.SendAsync(request);
        }
    }
}
