namespace Transactions.Participants;

/// <summary>
/// Runs the method in a global transaction (like Seata's <c>@GlobalTransactional</c>): begins one before the
/// call, commits after it returns, rolls back when it throws (and rethrows). Called inside an ambient global
/// transaction, the method joins it instead and the outermost caller decides. Put it on a method of a service
/// registered with <c>services.AddGlobalTransactional&lt;TService, TImplementation&gt;()</c> (on the interface or
/// the implementation); the method must return <see cref="Task"/>, <see cref="Task{TResult}"/>,
/// <see cref="ValueTask"/> or <see cref="ValueTask{TResult}"/>. A <see cref="CancellationToken"/> parameter, if
/// any, cancels Begin and the method; commit and rollback are not cancelled by it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class GlobalTransactionalAttribute : Attribute
{
    /// <summary>Business name of the transactions begun, e.g. <c>create-order</c>. Default: <c>{Type}.{Method}</c>.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Timeout in milliseconds: the coordinator rolls the transaction back if it is still active then.
    /// Default: 0, meaning <see cref="TransactionsOptions.DefaultTimeout"/>.
    /// </summary>
    public int TimeoutMs { get; set; }
}
