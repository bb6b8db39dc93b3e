namespace Transactions.Participants;

/// <summary>
/// Marks the Try method of a TCC action (in the spirit of Seata's <c>@TwoPhaseBusinessAction</c>) on a
/// service registered with <c>services.AddTccParticipant&lt;TService, TImplementation&gt;()</c>. Called inside a
/// global transaction, the Try registers a branch with the coordinator (its named arguments, as JSON, are the
/// action context) and runs inside the TCC fence; if it throws, the branch is reported failed (the
/// transaction rolls back) and the exception is rethrown. The coordinator later calls the Confirm or the
/// Cancel method, each with a <see cref="TccContext"/> holding the Try's arguments, at least once and exactly
/// once in effect (the fence drops duplicates and refuses a Try that arrives after its Cancel).
/// </summary>
/// <remarks>
/// <para>The Try is declared on the service interface (the attribute may sit on the interface method or on its
/// implementation) and returns <see cref="Task"/>, <see cref="Task{TResult}"/>, <see cref="ValueTask"/> or
/// <see cref="ValueTask{TResult}"/>. Its arguments other than <see cref="CancellationToken"/> must be JSON
/// serializable.</para>
/// <para>Confirm and Cancel are instance methods of the implementation (public or not, not necessarily on the
/// interface) returning <see cref="Task"/> or <see cref="ValueTask"/>, whose parameters are a
/// <see cref="TccContext"/> and/or a <see cref="CancellationToken"/>. Throw to make the coordinator retry later.</para>
/// </remarks>
/// <example>
/// <code>
/// [TccAction("freeze-stock", ConfirmMethod = nameof(ConfirmFreezeAsync), CancelMethod = nameof(CancelFreezeAsync))]
/// Task FreezeAsync(string sku, int quantity, CancellationToken cancellationToken);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class TccActionAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">
    /// The action name, unique within the application, e.g. <c>freeze-stock</c> (1 to 128 characters). Stored with
    /// every branch and used to dispatch Confirm/Cancel: renaming it strands branches still in flight.
    /// </param>
    public TccActionAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The action name.</summary>
    public string Name { get; }

    /// <summary>Name of the Confirm method on the implementation (use <c>nameof</c>). Required.</summary>
    public string? ConfirmMethod { get; set; }

    /// <summary>Name of the Cancel method on the implementation (use <c>nameof</c>). Required.</summary>
    public string? CancelMethod { get; set; }
}
