using Transactions.ReliableMessage.Errors;

namespace Transactions.ReliableMessage.Service.Security;

/// <summary>A call refused by <see cref="MessageApiAccess"/>: Unauthenticated / 401 (no or unknown key) or PermissionDenied / 403.</summary>
public sealed class MessageApiAccessException : ReliableMessageException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="unauthenticated">True when the caller is not known (no or unknown key); false when it may not do this.</param>
    /// <param name="message">What was refused and why, without the key.</param>
    public MessageApiAccessException(bool unauthenticated, string message)
        : base(message)
    {
        Unauthenticated = unauthenticated;
    }

    /// <summary>True when the caller is not known; false when it is known and may not do this.</summary>
    public bool Unauthenticated { get; }
}
