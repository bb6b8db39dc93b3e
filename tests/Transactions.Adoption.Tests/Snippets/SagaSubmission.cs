using Transactions.Protocol.V1;
using Transactions.Protocol.Sagas;

namespace Transactions.Adoption.Tests.Snippets;

/// <summary>README, "Sagas": building a definition and submitting it (compiled here, not run).</summary>
public static class SagaSubmission
{
    public static async Task<GetSagaResponse> SubmitAsync(TransactionManager.TransactionManagerClient tm, string orderId)
    {
        // begin-snippet: submit-saga
        var saga = SagaBuilder.Create("place-order")
            .Step("create-order", s => s.Grpc("http://order:5001").Action("create-order").InputJson(new { orderId }))
            .Parallel(g => g
                .Step("reserve-stock", s => s.Grpc("http://stock:5001").Action("reserve-stock").Retry(5))
                .Step("grant-points", s => s.HttpJson("http://points:8080/saga").Action("grant").Timeout(TimeSpan.FromSeconds(2))))
            .Build();
        var submitted = await tm.SubmitSagaAsync(new SubmitSagaRequest
        {
            DefinitionJson = SagaDefinitionJson.Serialize(saga), IdempotencyKey = $"order-{orderId}", WaitMs = 30_000,
        });   // submitted.Status: SAGA_STATUS_SUCCEEDED / ROLLED_BACK, or RUNNING / COMPENSATING if still going
        var view = await tm.GetSagaAsync(new GetSagaRequest { Xid = submitted.Xid, WaitMs = 10_000 });  // steps + history
        // end-snippet
        return view;
    }
}
