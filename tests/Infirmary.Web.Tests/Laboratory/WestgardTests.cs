using Infirmary.Laboratory.Domain;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>
/// The Westgard rules on worked examples: a control with target mean 100 and SD 2 (so ±2 SD is 96–104 and ±3 SD is
/// 94–106), as in the Levey–Jennings examples of Westgard's "Basic QC Practices".
/// </summary>
public sealed class WestgardTests
{
    private const double Mean = 100;
    private const double Sd = 2;

    private static WestgardResult Judge(params double[] values) => Westgard.Evaluate(values, Mean, Sd);

    [Fact]
    public void GivenValuesWithinTwoSd_WhenJudged_ThenAccepted()
    {
        var r = Judge(101, 99, 102.5, 97.2);
        Assert.Equal("accept", r.Status);
        Assert.Empty(r.Violations);
        Assert.Equal(-1.4, r.Z, 6);
    }

    [Fact]
    public void GivenOneValueBeyondTwoButWithinThreeSd_WhenJudged_ThenOnlyA12sWarning()
    {
        var r = Judge(100, 104.6);
        Assert.Equal([Westgard.Warning12s], r.Violations);
        Assert.True(r.Warning);
        Assert.False(r.Reject);
    }

    [Fact]
    public void GivenOneValueBeyondThreeSd_WhenJudged_Then13sRejects()
    {
        var r = Judge(100, 93.5);
        Assert.Contains(Westgard.Reject13s, r.Violations);
        Assert.True(r.Reject);
        Assert.DoesNotContain(Westgard.Warning12s, r.Violations);
    }

    [Fact]
    public void GivenTwoConsecutiveValuesBeyondTwoSdOnTheSameSide_WhenJudged_Then22sRejects()
    {
        Assert.Equal([Westgard.Reject22s], Judge(100, 104.4, 104.8).Violations);
        Assert.Equal([Westgard.Reject22s], Judge(95.5, 95.1).Violations);
        // Beyond +2 then beyond -2 is not 2-2s …
        Assert.DoesNotContain(Westgard.Reject22s, Judge(104.4, 95.5).Violations);
    }

    [Fact]
    public void GivenOneValueBeyondPlusTwoAndTheNextBeyondMinusTwo_WhenJudged_ThenR4sRejects()
    {
        var r = Judge(104.5, 95.2);
        Assert.Equal([Westgard.RejectR4s], r.Violations);
        Assert.True(r.Reject);
    }

    [Fact]
    public void GivenFourConsecutiveValuesBeyondOneSdOnTheSameSide_WhenJudged_Then41sRejects()
    {
        Assert.Equal([Westgard.Reject41s], Judge(100, 102.5, 103, 102.2, 103.9).Violations);
        // Three beyond +1 SD and one within is not 4-1s.
        Assert.Empty(Judge(100, 102.5, 101.5, 102.2, 103.9).Violations);
    }

    [Fact]
    public void GivenTenConsecutiveValuesOnOneSideOfTheMean_WhenJudged_Then10xRejects()
    {
        double[] values = [99, 101.2, 100.4, 100.8, 101.5, 100.2, 100.9, 101.1, 100.3, 100.6, 101.4];
        var r = Judge(values);
        Assert.Equal([Westgard.Reject10x], r.Violations);
        // Nine on one side is not enough.
        Assert.Empty(Judge(values[..10]).Violations);
    }

    [Fact]
    public void GivenASeries_WhenEvaluatedPointByPoint_ThenEachIsJudgedOnlyOnWhatCameBefore()
    {
        var series = Westgard.EvaluateSeries([100, 104.4, 104.8, 100], Mean, Sd);
        Assert.Equal(["accept", "warning", "reject", "accept"], series.Select(s => s.Status));
    }

    [Fact]
    public void GivenAZeroSdOrNoValues_WhenJudged_ThenRefused()
    {
        Assert.Throws<ArgumentException>(() => Westgard.Evaluate([100], Mean, 0));
        Assert.Throws<ArgumentException>(() => Westgard.Evaluate([], Mean, Sd));
        Assert.Throws<ArgumentException>(() => Westgard.Evaluate([double.NaN], Mean, Sd));
    }
}
