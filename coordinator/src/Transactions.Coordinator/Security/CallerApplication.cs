using Grpc.Core;

namespace Transactions.Coordinator.Security;

/// <summary>The application authenticated for the current TC call by <see cref="ApplicationKeyInterceptor"/>, kept in the call's UserState.</summary>
public static class CallerApplication
{
    private static readonly object ItemKey = new();

    /// <summary>The authenticated application of the call, or null when it presented no key.</summary>
    /// <param name="context">The call context.</param>
    /// <returns>The application, or null.</returns>
    public static ApplicationCredential? Get(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.UserState.TryGetValue(ItemKey, out var value) ? value as ApplicationCredential : null;
    }

    /// <summary>Records the authenticated application of the call.</summary>
    /// <param name="context">The call context.</param>
    /// <param name="application">The application whose key the call presented.</param>
    internal static void Set(ServerCallContext context, ApplicationCredential application) =>
        context.UserState[ItemKey] = application;
}
