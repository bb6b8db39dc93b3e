namespace Transactions.Participants.IntegrationTests.Shipping;

/// <summary>
/// The shipping service's saga actions: each writes one effect row through the fence's DbContext (the fence
/// saves and commits it with its own row). "charge-shipping" with input "declined" fails for business reasons.
/// </summary>
public sealed class ShippingSaga(ShippingDbContext db)
{
    [SagaAction("create-shipment", CompensationMethod = nameof(CancelShipmentAsync))]
    public Task<ShipmentCreated> CreateShipmentAsync(SagaContext context, CancellationToken cancellationToken)
    {
        var order = context.GetInput<ShipmentOrder>() ?? throw new SagaStepFailedException("create-shipment needs an orderId.");
        Record(context, "create-shipment");
        return Task.FromResult(new ShipmentCreated($"shp-{context.Xid}-{context.BranchId}", order.OrderId));
    }

    [SagaAction("book-courier", CompensationMethod = nameof(CancelCourierAsync))]
    public Task<string> BookCourierAsync(SagaContext context)
    {
        var shipment = context.GetOutput<ShipmentCreated>("create-shipment")!;
        Record(context, "book-courier");
        return Task.FromResult($"courier for {shipment.ShipmentId} of {shipment.OrderId}");
    }

    [SagaAction("charge-shipping", CompensationMethod = nameof(RefundAsync))]
    public ValueTask ChargeAsync(SagaContext context, CancellationToken cancellationToken)
    {
        if (context.Input == "declined")
        {
            throw new SagaStepFailedException("card declined");
        }

        Record(context, "charge-shipping");
        return ValueTask.CompletedTask;
    }

    public Task CancelShipmentAsync(SagaContext context) => RecordAsync(context, "undo:create-shipment");

    public Task CancelCourierAsync(SagaContext context) => RecordAsync(context, "undo:book-courier");

    public Task RefundAsync(SagaContext context) => RecordAsync(context, "undo:charge-shipping");

    private void Record(SagaContext context, string kind) =>
        db.Effects.Add(new ShippingEffect { Xid = context.Xid, BranchId = context.BranchId, Kind = kind });

    private Task RecordAsync(SagaContext context, string kind)
    {
        Record(context, kind);
        return Task.CompletedTask;
    }
}
