namespace Transactions.Participants;

/// <summary>
/// Marks a method of a saga participant (registered with <c>services.AddSagaParticipant&lt;T&gt;()</c>) as the
/// forward action named <see cref="Name"/>; <see cref="CompensationMethod"/> names the method that undoes it.
/// The coordinator calls both through the participant endpoint (<c>app.MapTransactionParticipant()</c>), each
/// inside the fence (with <c>.UseTccFence&lt;TContext&gt;()</c>): a duplicate runs once (a duplicate Execute answers
/// with the output the fence kept), a compensation whose action never arrived is an empty compensation, and that
/// action, arriving late, is refused.
/// </summary>
/// <remarks>
/// The action: an instance method returning <see cref="Task"/>, <see cref="Task{TResult}"/>,
/// <see cref="ValueTask"/> or <see cref="ValueTask{TResult}"/>, taking a <see cref="SagaContext"/> and/or a
/// <see cref="CancellationToken"/>. Its result is the step's output (a string as is, anything else as JSON),
/// which later steps read with <see cref="SagaContext.GetOutput{T}"/>. Throw <see cref="SagaStepFailedException"/>
/// for a business failure (the saga compensates); any other exception is transient (the coordinator retries).
/// The compensation: same parameters, returns <see cref="Task"/> or <see cref="ValueTask"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class SagaActionAttribute(string name) : Attribute
{
    /// <summary>Action name, unique in the application; the saga definition's step <c>action</c>.</summary>
    public string Name { get; } = name;

    /// <summary>Name of the compensation method (use <c>nameof</c>). Required.</summary>
    public string? CompensationMethod { get; set; }
}
