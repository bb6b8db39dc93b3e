namespace Transactions.Admin.Security;

/// <summary>What an admin API key may do.</summary>
public enum AdminRole
{
    /// <summary>List, search and read: transactions, messages, history, audit log, metrics. No action.</summary>
    ReadOnly = 0,

    /// <summary>Everything <see cref="ReadOnly"/> may do, plus the actions (retry, force rollback, requeue, ...).</summary>
    Operator = 1,
}
