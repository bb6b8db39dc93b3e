using System.Reflection;

namespace Transactions.Participants.Tcc;

/// <summary>A TCC action found on a registered participant: its Try, Confirm and Cancel.</summary>
internal sealed class TccActionDescriptor(
    string name,
    Type serviceType,
    Type implementationType,
    MethodInfo tryMethod,
    TccPhaseMethod confirm,
    TccPhaseMethod cancel)
{
    public string Name => name;

    public Type ServiceType => serviceType;

    public Type ImplementationType => implementationType;

    public MethodInfo TryMethod => tryMethod;

    /// <summary>The Try parameters that form the action context (all but <see cref="CancellationToken"/>).</summary>
    public ParameterInfo[] ContextParameters { get; } = TccActionContextSerializer.ContextParameters(tryMethod);

    public TccPhaseMethod Confirm => confirm;

    public TccPhaseMethod Cancel => cancel;
}
