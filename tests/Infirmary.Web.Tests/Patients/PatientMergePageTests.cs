using System.Net;
using System.Net.Http.Json;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Patients;

/// <summary>The merge wizard as a clerk uses it: candidates, side by side, propose; a second clerk confirms; undo.</summary>
public abstract class PatientMergePageTests(InfirmaryFactory factory)
{
    private static async Task<Guid> RegisterAsync(HttpClient client, string family)
    {
        var response = await client.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(family: family, birthDate: "1971-05-09"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    private async Task<PatientMerge> MergeOfAsync(Guid source)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        return await db.Set<PatientMerge>().AsNoTracking().OrderByDescending(m => m.ProposedAt).FirstAsync(m => m.SourcePatientId == source);
    }

    [Fact]
    public async Task GivenANearDuplicate_WhenAClerkProposesAndAnotherConfirmsThenUndoes_ThenEachPageShowsTheRightState()
    {
        var records = await Clients.UserAsync(factory, "records");
        var records2 = await Clients.UserAsync(factory, "records2");
        var family = TestData.Family();
        var keep = await RegisterAsync(records, family);
        var duplicate = await RegisterAsync(records, family);

        var candidates = await records.GetStringAsync($"/patients/{keep}/merge");
        Assert.Contains($"data-testid=\"compare-{duplicate}\"", candidates, StringComparison.Ordinal);

        var compareUrl = $"/patients/merge?source={duplicate}&target={keep}";
        var compare = await records.GetStringAsync(compareUrl);
        Assert.Contains("compare--agree", compare, StringComparison.Ordinal);
        Assert.Contains("compare--differ", compare, StringComparison.Ordinal); // the NHS numbers differ
        var noReason = await Clients.PostFormAsync(records, compareUrl, "propose-merge", new() { ["Input.Reason"] = " " });
        Assert.Contains("Say why", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var proposed = await Clients.PostFormAsync(records, compareUrl, "propose-merge", new() { ["Input.Reason"] = "Registered twice on the same day" });
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var merge = await MergeOfAsync(duplicate);
        Assert.Equal($"/patients/merges/{merge.Id}?proposed=1", Clients.LocalTarget(proposed));

        var own = await records.GetStringAsync($"/patients/merges/{merge.Id}");
        Assert.Contains("You proposed this merge", own, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"confirm\"", own, StringComparison.Ordinal);

        Assert.Contains($"data-testid=\"review-{merge.Id}\"", await records2.GetStringAsync("/patients/merges"), StringComparison.Ordinal);
        var confirmed = await Clients.PostFormAsync(records2, $"/patients/merges/{merge.Id}", "confirm-merge", new() { ["Decision.Note"] = "Checked" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(MergeStatus.Completed, (await MergeOfAsync(duplicate)).Status);

        var old = await records.GetStringAsync($"/patients/{duplicate}");
        Assert.Contains("data-testid=\"merged-notice\"", old, StringComparison.Ordinal);
        Assert.Contains($"/patients/merges/{merge.Id}", old, StringComparison.Ordinal);

        var unsure = await Clients.PostFormAsync(records, $"/patients/merges/{merge.Id}", "unmerge", new() { ["Undo.Reason"] = "Twins" });
        Assert.Contains("Tick the box", await unsure.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(MergeStatus.Completed, (await MergeOfAsync(duplicate)).Status);

        var undone = await Clients.PostFormAsync(records, $"/patients/merges/{merge.Id}", "unmerge", new() { ["Undo.Reason"] = "Twins", ["Undo.Sure"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        Assert.Equal(MergeStatus.Unmerged, (await MergeOfAsync(duplicate)).Status);
        Assert.DoesNotContain("data-testid=\"merged-notice\"", await records.GetStringAsync($"/patients/{duplicate}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAReceptionist_WhenTheyOpenTheMergePages_ThenTheyAreTurnedAway()
    {
        var reception = await Clients.UserAsync(factory, "reception");
        var response = await reception.GetAsync("/patients/merges");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("/patients/merges", await (await reception.GetAsync("/")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class PatientMergePageTests_Sqlite(SqliteFactory factory) : PatientMergePageTests(factory), IClassFixture<SqliteFactory>;

public sealed class PatientMergePageTests_Postgres(PostgresFactory factory) : PatientMergePageTests(factory), IClassFixture<PostgresFactory>;
