namespace Transactions.Participants;

/// <summary>
/// A TCC Try method was called outside a global transaction (no ambient XID: no
/// <c>[GlobalTransactional]</c> caller, no <c>tx-xid</c> header on the incoming request). Start a global
/// transaction first, propagate the XID, or set <see cref="TransactionsOptions.AllowTryOutsideTransaction"/>
/// to run Try methods as plain local calls.
/// </summary>
public sealed class NoGlobalTransactionException : TransactionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="actionName">The TCC action whose Try was called.</param>
    public NoGlobalTransactionException(string actionName)
        : base($"The TCC action '{actionName}' was called outside a global transaction: there is no ambient XID. "
            + $"Call it from a [GlobalTransactional] method or an ITransactionManager scope, propagate the '{TransactionPropagation.XidHeader}' "
            + "header to this service (app.UseTransactionPropagation()), or set TransactionsOptions.AllowTryOutsideTransaction to run it locally.")
    {
        ActionName = actionName;
    }

    /// <summary>The TCC action whose Try was called.</summary>
    public string ActionName { get; }
}
