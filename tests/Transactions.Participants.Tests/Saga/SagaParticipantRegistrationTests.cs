using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.Saga;
using Transactions.Participants.Tests.Fakes;
using Transactions.Participants.Tests.Samples;
using Transactions.Participants.Tests.Samples.Saga;
using Transactions.Participants.Tests.Samples.Saga.Invalid;

namespace Transactions.Participants.Tests.Saga;

/// <summary>[SagaAction] discovery: AddSagaParticipant checks every action at registration.</summary>
public sealed class SagaParticipantRegistrationTests
{
    public static TheoryData<Type, string> InvalidParticipants => new()
    {
        { typeof(NoCompensationSaga), "saga action 'no-compensation' names no Compensation method: set CompensationMethod = nameof(...)" },
        { typeof(MissingCompensationSaga), "saga action 'missing-compensation' names Compensation method 'Nope', which MissingCompensationSaga does not have" },
        { typeof(OverloadedCompensationSaga), "names Compensation method 'UndoAsync', which is overloaded in OverloadedCompensationSaga" },
        { typeof(WrongParameterSaga), "may only take a SagaContext and a CancellationToken; parameter 'sku' is String" },
        { typeof(SyncActionSaga), "The action method 'Run' of saga action 'sync-action' must be a non-generic method returning Task, Task<T>, ValueTask or ValueTask<T>" },
        { typeof(CompensationWithResultSaga), "The Compensation method 'UndoAsync' of saga action 'compensation-with-result' must be a non-generic method returning Task or ValueTask" },
        { typeof(UnnamedActionSaga), "[SagaAction] on RunAsync needs a name of 1 to 128 characters" },
        { typeof(SameNameTwiceSaga), "the saga action name 'twice' is already used" },
        { typeof(NoActionSaga), "registered as a saga participant but no method carries [SagaAction]" },
    };

    [Theory]
    [MemberData(nameof(InvalidParticipants))]
    public void AddSagaParticipant_InvalidDefinition_ThrowsNamingTheProblem(Type implementation, string expected)
    {
        var services = new ServiceCollection();

        var ex = Assert.Throws<TccActionDefinitionException>(() => AddSagaParticipant(services, implementation));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal(implementation, ex.ServiceType);
        Assert.DoesNotContain(services, d => d.ServiceType == implementation);
    }

    [Fact]
    public void AddSagaParticipant_ActionNameUsedByAnotherParticipant_ThrowsNamingIt()
    {
        var services = new ServiceCollection().AddSagaParticipant<OrderSaga>();

        var ex = Assert.Throws<TccActionDefinitionException>(() => services.AddSagaParticipant<DuplicateActionNameSaga>());

        Assert.Contains("the saga action name 'create-order' is already used by OrderSaga", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSagaParticipant_Singleton_Throws()
    {
        var ex = Assert.Throws<TccActionDefinitionException>(() => new ServiceCollection().AddSagaParticipant<OrderSaga>(ServiceLifetime.Singleton));

        Assert.Contains("must be Scoped or Transient", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSagaParticipant_Twice_RegistersOnce()
    {
        var services = new ServiceCollection();

        services.AddSagaParticipant<OrderSaga>();
        services.AddSagaParticipant<OrderSaga>();

        var registered = Assert.Single(services, d => d.ServiceType == typeof(OrderSaga));
        Assert.Equal(ServiceLifetime.Scoped, registered.Lifetime);
    }

    [Fact]
    public void AddSagaParticipant_BeforeAddTransactions_ActionsFoundWithTheirMethods()
    {
        var services = new ServiceCollection().AddSagaParticipant<OrderSaga>(ServiceLifetime.Transient);
        services.AddSingleton<CallLog>();
        services.AddTransactions(options =>
        {
            options.CoordinatorAddress = "http://127.0.0.1:1";
            options.ApplicationId = "unit-saga";
            options.ParticipantEndpoint = "http://127.0.0.1:2";
        });
        using var provider = services.Build();

        var actions = provider.GetRequiredService<SagaActionRegistry>().Actions;

        Assert.Equal(["charge", "create-order", "flaky", "refuse"], actions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((nameof(OrderSaga.ChargeAsync), "RefundAsync"), (actions["charge"].Action.Method.Name, actions["charge"].Compensation.Method.Name));
        Assert.All(actions.Values, a => Assert.Equal(typeof(OrderSaga), a.ImplementationType));
        Assert.Equal(ServiceLifetime.Transient, Assert.Single(services, d => d.ServiceType == typeof(OrderSaga)).Lifetime);
    }

    private static void AddSagaParticipant(IServiceCollection services, Type implementation)
    {
        var method = typeof(TransactionsServiceCollectionExtensions)
            .GetMethod(nameof(TransactionsServiceCollectionExtensions.AddSagaParticipant))!
            .MakeGenericMethod(implementation);
        method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [services, ServiceLifetime.Scoped], null);
    }
}
