namespace Transactions.Participants.Tests.Samples.Saga;

/// <summary>
/// Saga actions that record their calls: "create-order" returns an object (a JSON output), "charge" reads the
/// outputs of earlier steps, "refuse" fails for business reasons, "flaky" fails transiently, and the
/// compensation of "flaky" throws <see cref="SagaStepFailedException"/> (which compensations must not use).
/// </summary>
public sealed class OrderSaga(CallLog log)
{
    [SagaAction("create-order", CompensationMethod = nameof(CancelOrderAsync))]
    public Task<OrderCreated> CreateOrderAsync(SagaContext context, CancellationToken cancellationToken)
    {
        var input = context.GetInput<CreateOrder>()!;
        log.Add($"create {input.Sku} {input.Quantity} xid={context.Xid} step={context.BranchId} name={context.StepName} attempt={context.Attempt}");
        return Task.FromResult(new OrderCreated(42, input.Sku));
    }

    [SagaAction("charge", CompensationMethod = nameof(RefundAsync))]
    public ValueTask<string> ChargeAsync(SagaContext context)
    {
        var order = context.GetOutput<OrderCreated>("create")!;
        log.Add($"charge order {order.OrderId} {order.Sku} note={context.GetOutput<string>("note")}");
        return ValueTask.FromResult($"receipt-{order.OrderId}");
    }

    [SagaAction("refuse", CompensationMethod = nameof(CancelOrderAsync))]
    public Task RefuseAsync() => throw new SagaStepFailedException("out of stock");

    [SagaAction("flaky", CompensationMethod = nameof(FlakyCompensationAsync))]
    public Task FlakyAsync(CancellationToken cancellationToken) => Task.FromException(new InvalidOperationException("the database is down"));

    public Task CancelOrderAsync(SagaContext context)
    {
        log.Add($"cancel {context.ActionName} step={context.BranchId} compensating={context.Compensating}");
        return Task.CompletedTask;
    }

    internal ValueTask RefundAsync(CancellationToken cancellationToken, SagaContext context)
    {
        log.Add($"refund step={context.BranchId}");
        return ValueTask.CompletedTask;
    }

    public Task FlakyCompensationAsync() => throw new SagaStepFailedException("a compensation cannot fail for good");
}
