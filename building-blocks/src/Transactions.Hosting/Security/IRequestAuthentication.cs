using Microsoft.AspNetCore.Http;

namespace Transactions.Hosting.Security;

/// <summary>How a service tells, from the headers alone, whether a request comes from a caller it knows.</summary>
public interface IRequestAuthentication
{
    /// <summary>The body limit for callers not known, in bytes.</summary>
    long UnauthenticatedBodyLimit { get; }

    /// <summary>Whether the request is one of the service's application-key APIs (other requests, e.g. the admin API, have their own keys and limits).</summary>
    /// <param name="context">The request.</param>
    /// <returns>True when the limit applies to it.</returns>
    bool AppliesTo(HttpContext context);

    /// <summary>Whether the request carries a valid application key, or none where none is required.</summary>
    /// <param name="context">The request.</param>
    /// <returns>True when known.</returns>
    bool IsAuthenticated(HttpContext context);
}
