using Xunit.Abstractions;
using Xunit.Sdk;

namespace Transactions.Storage.Compliance.Tests.Infrastructure;

/// <summary>A compliance fact skipped because its provider is unavailable; the reason survives serialization.</summary>
public sealed class SkippedComplianceTestCase : XunitTestCase
{
    private string _reason = string.Empty;

    /// <summary>For the de-serializer only.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippedComplianceTestCase()
    {
    }

    /// <summary>Creates the test case.</summary>
    public SkippedComplianceTestCase(
        IMessageSink diagnosticMessageSink,
        TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod,
        string reason)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
        _reason = reason;
    }

    /// <inheritdoc />
    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("ProviderSkipReason", _reason);
    }

    /// <inheritdoc />
    public override void Deserialize(IXunitSerializationInfo data)
    {
        _reason = data.GetValue<string>("ProviderSkipReason");
        base.Deserialize(data);
    }

    /// <inheritdoc />
    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;
}
