using System.Net;
using Samples.Contracts.Orders;

namespace Samples.Demo.Client;

/// <summary>The answer to a <c>POST /api/orders</c>.</summary>
/// <param name="StatusCode">201 confirmed, 202 committing, 200 existing (a retry), 409 rolled back, 503 a service was unavailable (rolled back; retry later), 504 outcome unknown, 400 invalid.</param>
/// <param name="Order">The order, when there is one.</param>
/// <param name="Error">The problem's detail, for a 4xx/5xx answer.</param>
public sealed record OrderResult(HttpStatusCode StatusCode, OrderView? Order, string? Error);
