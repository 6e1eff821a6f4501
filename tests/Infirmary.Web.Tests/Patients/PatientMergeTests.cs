using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infirmary.Patients.Data;
using Infirmary.Patients.Domain;
using Infirmary.Patients.Features;
using Infirmary.Physics.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Patients;

/// <summary>
/// Merge and unmerge of duplicate records through /api/v1/patients/merges and FHIR Patient/$merge, on SQLite and
/// PostgreSQL: what moves (rows of other modules' tables found from the model), the two-person rule, exact unmerge
/// and its refusal once moved data has changed.
/// </summary>
public abstract class PatientMergeTests(InfirmaryFactory factory)
{
    private async Task<Guid> NewPatientAsync(HttpClient client, string? family = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(family: family));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    private async Task<Guid> MuCheckForAsync(Guid patientId, string machine = "TrueBeam 1")
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var check = new MuCheck
        {
            PatientId = patientId, Machine = machine, BeamEnergy = "6 MV", SetUp = "SSD", Mu = 100, PlanningSystemMu = 101,
            EngineVersion = "test", PerformedById = "test-physicist", PerformedByName = "Test Physicist", PerformedAt = DateTime.UtcNow,
        };
        db.Add(check);
        await db.SaveChangesAsync();
        return check.Id;
    }

    private async Task<MuCheck> ReadMuCheckAsync(Guid id)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        return await db.Set<MuCheck>().AsNoTracking().SingleAsync(c => c.Id == id);
    }

    private async Task<Patient> ReadPatientAsync(Guid id)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        return await db.Set<Patient>().AsNoTracking().SingleAsync(p => p.Id == id);
    }

    private static string WithoutVersion(MuCheck c)
    {
        var json = JsonSerializer.SerializeToNode(c)!.AsObject();
        json.Remove(nameof(MuCheck.Version));
        return json.ToJsonString();
    }

    private static async Task<Guid> ProposeAsync(HttpClient client, Guid source, Guid target)
    {
        var response = await client.PostAsJsonAsync("/api/v1/patients/merges",
            new { sourcePatientId = source, targetPatientId = target, reason = "Same name, date of birth and address; registered twice" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    private static Task<HttpResponseMessage> ConfirmAsync(HttpClient client, Guid merge) =>
        client.PostAsJsonAsync($"/api/v1/patients/merges/{merge}/confirm", new { note = "Checked the paper records" });

    private static Task<HttpResponseMessage> UnmergeAsync(HttpClient client, Guid merge) =>
        client.PostAsJsonAsync($"/api/v1/patients/merges/{merge}/unmerge", new { reason = "Twins, not one person" });

    [Fact]
    public void GivenTheWholeModel_WhenColumnsNamedLikePatientIdAreInspected_ThenEachIsAForeignKeyToPatientsOrDeclared()
    {
        using var scope = factory.Services.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Model;

        Assert.Empty(PatientReferenceMap.Unclassified(model));
        var moved = PatientReferenceMap.ToMove(model).Select(c => c.ToString()).ToList();
        Assert.Contains("physics_mu_checks.patient_id", moved);
        Assert.DoesNotContain("patient_versions.patient_id", moved);
        Assert.DoesNotContain(moved, c => c.StartsWith("audit_events.", StringComparison.Ordinal) || c.StartsWith("patient_merges.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GivenProposedAndConfirmedByAnotherClerk_WhenMerged_ThenOtherModulesRowsMoveAndTheOldRecordIsReplaced()
    {
        var records = await Clients.UserAsync(factory, "records");
        var records2 = await Clients.UserAsync(factory, "records2");
        var source = await NewPatientAsync(records);
        var target = await NewPatientAsync(records);
        var sourceCheck = await MuCheckForAsync(source);
        var secondCheck = await MuCheckForAsync(source, "TrueBeam 2");
        var targetCheck = await MuCheckForAsync(target);
        var before = await ReadMuCheckAsync(sourceCheck);

        var merge = await ProposeAsync(records, source, target);
        var pending = await (await records2.GetAsync("/api/v1/patients/merges")).JsonAsync();
        Assert.Contains(pending.EnumerateArray(), m => m.GetProperty("id").GetGuid() == merge);
        Assert.Equal(source, (await ReadMuCheckAsync(sourceCheck)).PatientId);

        var confirmed = await ConfirmAsync(records2, merge);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var body = await confirmed.JsonAsync();
        Assert.Equal("Completed", body.GetProperty("status").GetString());
        Assert.Equal(2, body.GetProperty("rowsMoved").GetInt32());

        var after = await ReadMuCheckAsync(sourceCheck);
        Assert.Equal(target, after.PatientId);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal(target, (await ReadMuCheckAsync(secondCheck)).PatientId);
        Assert.Equal(target, (await ReadMuCheckAsync(targetCheck)).PatientId);
        var old = await ReadPatientAsync(source);
        Assert.False(old.Active);
        Assert.Equal(target, old.ReplacedById);
        var rest = await (await records.GetAsync($"/api/v1/patients/{source}")).JsonAsync();
        Assert.False(rest.GetProperty("active").GetBoolean());
        Assert.Equal(target, rest.GetProperty("replacedById").GetGuid());

        var fhirOld = await (await records.GetAsync($"/fhir/Patient/{source}")).JsonAsync();
        Assert.False(fhirOld.GetProperty("active").GetBoolean());
        Assert.Equal("replaced-by", fhirOld.GetProperty("link")[0].GetProperty("type").GetString());
        Assert.Equal($"Patient/{target}", fhirOld.GetProperty("link")[0].GetProperty("other").GetProperty("reference").GetString());
        var fhirNew = await (await records.GetAsync($"/fhir/Patient/{target}")).JsonAsync();
        Assert.Equal("replaces", fhirNew.GetProperty("link")[0].GetProperty("type").GetString());
        Assert.Equal($"Patient/{source}", fhirNew.GetProperty("link")[0].GetProperty("other").GetProperty("reference").GetString());
        // A search finds the survivor with the same link (the search itself says which records have merged ones).
        var survivor = await ReadPatientAsync(target);
        var found = await (await records.GetAsync($"/fhir/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|{survivor.NhsNumber}")).JsonAsync();
        var entry = Assert.Single(found.GetProperty("entry").EnumerateArray()).GetProperty("resource");
        Assert.Equal(target.ToString(), entry.GetProperty("id").GetString());
        Assert.Equal("replaces", entry.GetProperty("link")[0].GetProperty("type").GetString());
        Assert.Equal($"Patient/{source}", entry.GetProperty("link")[0].GetProperty("other").GetProperty("reference").GetString());

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var moves = await db.Set<PatientMergeMove>().Where(m => m.MergeId == merge).ToListAsync();
        Assert.Equal(2, moves.Count);
        Assert.All(moves, m => Assert.Equal(("physics_mu_checks", "patient_id"), (m.TableName, m.ColumnName)));
        var events = await db.AuditEvents.Where(a => a.Entity == $"PatientMerge/{merge}" && a.Outcome == AuditOutcome.Success).ToListAsync();
        Assert.Contains(events, e => e.PatientId == source && e.Action == AuditAction.Create);
        Assert.Contains(events, e => e.PatientId == target && e.Action == AuditAction.Create);
        Assert.Contains(events, e => e.PatientId == source && e.Action == AuditAction.Update && e.Detail!.StartsWith("merge confirmed", StringComparison.Ordinal));
        Assert.Contains(events, e => e.PatientId == target && e.Action == AuditAction.Update && e.Detail!.StartsWith("merge confirmed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GivenACompletedMerge_WhenUnmerged_ThenEveryMovedRowGoesBackAndTheRecordIsActiveAgain()
    {
        var records = await Clients.UserAsync(factory, "records");
        var records2 = await Clients.UserAsync(factory, "records2");
        var source = await NewPatientAsync(records);
        var target = await NewPatientAsync(records);
        var moved = await MuCheckForAsync(source);
        var stays = await MuCheckForAsync(target);
        var before = await ReadMuCheckAsync(moved);
        var merge = await ProposeAsync(records, source, target);
        Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(records2, merge)).StatusCode);

        var response = await UnmergeAsync(records, merge);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unmerged", (await response.JsonAsync()).GetProperty("status").GetString());

        var after = await ReadMuCheckAsync(moved);
        Assert.Equal(source, after.PatientId);
        // The data is exactly as before; only the row's concurrency token counts the two changes (merge, unmerge).
        Assert.Equal(before.Version + 2, after.Version);
        Assert.Equal(WithoutVersion(before), WithoutVersion(after));
        Assert.Equal(target, (await ReadMuCheckAsync(stays)).PatientId);
        var restored = await ReadPatientAsync(source);
        Assert.True(restored.Active);
        Assert.Null(restored.ReplacedById);
        var fhirNew = await (await records.GetAsync($"/fhir/Patient/{target}")).JsonAsync();
        Assert.False(fhirNew.TryGetProperty("link", out _));
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            var undone = await db.AuditEvents.Where(a => a.Entity == $"PatientMerge/{merge}" && a.Detail!.Contains("unmerged from")).ToListAsync();
            Assert.Contains(undone, e => e.PatientId == source && e.Outcome == AuditOutcome.Success);
            Assert.Contains(undone, e => e.PatientId == target && e.Outcome == AuditOutcome.Success);
        }

        // The same two records can be merged again later (a new proposal, a new confirmation).
        var again = await ProposeAsync(records2, source, target);
        Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(records, again)).StatusCode);
        Assert.Equal(target, (await ReadMuCheckAsync(moved)).PatientId);
    }

    [Fact]
    public async Task GivenAMovedRowChangedSinceTheMerge_WhenUnmerged_ThenRefusedNamingTheRowAndNothingChanges()
    {
        var records = await Clients.UserAsync(factory, "records");
        var records2 = await Clients.UserAsync(factory, "records2");
        var source = await NewPatientAsync(records);
        var target = await NewPatientAsync(records);
        var changed = await MuCheckForAsync(source);
        var untouched = await MuCheckForAsync(source, "TrueBeam 2");
        var merge = await ProposeAsync(records, source, target);
        Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(records2, merge)).StatusCode);
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            var check = await db.Set<MuCheck>().SingleAsync(c => c.Id == changed);
            check.Machine = "Halcyon 1";
            check.Version++;
            await db.SaveChangesAsync();
        }

        var response = await UnmergeAsync(records, merge);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.JsonAsync();
        var reasons = problem.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        var reason = Assert.Single(reasons);
        Assert.Contains("physics_mu_checks", reason, StringComparison.Ordinal);
        Assert.Contains("changed since the merge", reason, StringComparison.Ordinal);
        Assert.Equal(target, (await ReadMuCheckAsync(untouched)).PatientId);
        Assert.False((await ReadPatientAsync(source)).Active);

        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            await db.Set<MuCheck>().Where(c => c.Id == untouched).ExecuteDeleteAsync();
            Assert.Equal(MergeStatus.Completed, (await db.Set<PatientMerge>().SingleAsync(m => m.Id == merge)).Status);
            Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"PatientMerge/{merge}" && a.PatientId == source && a.Outcome == AuditOutcome.Failure));
        }

        var deleted = await (await UnmergeAsync(records, merge)).JsonAsync();
        Assert.Contains(deleted.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("deleted since the merge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GivenAUniqueRuleTheMovedRowsWouldBreak_WhenConfirmed_ThenRefusedNamingTheTableAndNothingChanges()
    {
        var records = await Clients.UserAsync(factory, "records");
        var records2 = await Clients.UserAsync(factory, "records2");
        var source = await NewPatientAsync(records);
        var target = await NewPatientAsync(records);
        // A rule some module might have: one such row per patient. Both records have one, so the survivor cannot take both.
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            await db.Database.ExecuteSqlRawAsync(
                "CREATE UNIQUE INDEX IF NOT EXISTS ux_test_one_conflict_check ON physics_mu_checks (patient_id) WHERE machine = 'Conflict test'");
        }

        var moved = await MuCheckForAsync(source, "Conflict test");
        var other = await MuCheckForAsync(source);
        await MuCheckForAsync(target, "Conflict test");
        var merge = await ProposeAsync(records, source, target);

        var response = await ConfirmAsync(records2, merge);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("physics_mu_checks", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(source, (await ReadMuCheckAsync(moved)).PatientId);
        Assert.Equal(source, (await ReadMuCheckAsync(other)).PatientId);
        Assert.True((await ReadPatientAsync(source)).Active);
        Assert.Equal("Proposed", (await (await records.GetAsync($"/api/v1/patients/merges/{merge}")).JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task GivenTheProposer_WhenTheyConfirmOrRejectTheirOwnProposal_ThenForbiddenAndNothingMoves()
    {
        var records = await Clients.UserAsync(factory, "records");
        var source = await NewPatientAsync(records);
        var target = await NewPatientAsync(records);
        var check = await MuCheckForAsync(source);
        var merge = await ProposeAsync(records, source, target);

        var confirm = await ConfirmAsync(records, merge);
        Assert.Equal(HttpStatusCode.Forbidden, confirm.StatusCode);
        Assert.Contains("different person", (await confirm.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await records.PostAsJsonAsync($"/api/v1/patients/merges/{merge}/reject", new { note = "x" })).StatusCode);
        Assert.Equal(source, (await ReadMuCheckAsync(check)).PatientId);
        Assert.True((await ReadPatientAsync(source)).Active);
        var read = await (await records.GetAsync($"/api/v1/patients/merges/{merge}")).JsonAsync();
        Assert.Equal("Proposed", read.GetProperty("status").GetString());

        // Nor can a system confirm: the second pair of eyes is a person's.
        var system = await Clients.SystemAsync(factory);
        Assert.Equal(HttpStatusCode.Forbidden, (await ConfirmAsync(system, merge)).StatusCode);
    }

    [Fact]
    public async Task GivenADecisionNoteOverTheLimit_WhenConfirmingOrRejecting_ThenRefusedNamingTheLimitAndTheProposalWaits()
    {
        var records = await Clients.UserAsync(factory, "records");
        var records2 = await Clients.UserAsync(factory, "records2");
        var source = await NewPatientAsync(records);
        var target = await NewPatientAsync(records);
        var merge = await ProposeAsync(records, source, target);
        var note = new string('n', PatientMerges.MaxReasonLength + 1);

        foreach (var decision in new[] { "confirm", "reject" })
        {
            var response = await records2.PostAsJsonAsync($"/api/v1/patients/merges/{merge}/{decision}", new { note });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains($"The note is 1001 characters long; keep it to {PatientMerges.MaxReasonLength}.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Nothing was decided or cut: the proposal still waits, and a note at the limit is kept whole.
        Assert.True((await ReadPatientAsync(source)).Active);
        Assert.Equal("Proposed", (await (await records.GetAsync($"/api/v1/patients/merges/{merge}")).JsonAsync()).GetProperty("status").GetString());
        var kept = new string('k', PatientMerges.MaxReasonLength);
        Assert.Equal(HttpStatusCode.OK, (await records2.PostAsJsonAsync($"/api/v1/patients/merges/{merge}/reject", new { note = kept })).StatusCode);
        await using var scope = factory.Scope();
        Assert.Equal(kept, (await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<PatientMerge>().SingleAsync(m => m.Id == merge)).DecisionNote);
    }

    [Fact]
    public async Task GivenARejectedProposal_WhenRejectedByAnotherClerk_ThenNothingMovesAndItCannotBeConfirmed()
    {
        var records = await Clients.UserAsync(factory, "records");
        var records2 = await Clients.UserAsync(factory, "records2");
        var source = await NewPatientAsync(records);
        var target = await NewPatientAsync(records);
        var merge = await ProposeAsync(records, source, target);

        var rejected = await records2.PostAsJsonAsync($"/api/v1/patients/merges/{merge}/reject", new { note = "Different mothers' maiden names" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ConfirmAsync(records2, merge)).StatusCode);
        Assert.True((await ReadPatientAsync(source)).Active);
    }

    [Fact]
    public async Task GivenARecordAndItself_WhenProposed_ThenRefusedAsInvalid()
    {
        var records = await Clients.UserAsync(factory, "records");
        var patient = await NewPatientAsync(records);
        var response = await records.PostAsJsonAsync("/api/v1/patients/merges", new { sourcePatientId = patient, targetPatientId = patient, reason = "same" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("itself", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAnInactiveOrAlreadyMergedRecord_WhenProposed_ThenRefusedWithTheReason()
    {
        var records = await Clients.UserAsync(factory, "records");
        var records2 = await Clients.UserAsync(factory, "records2");
        var a = await NewPatientAsync(records);
        var b = await NewPatientAsync(records);
        var c = await NewPatientAsync(records);
        Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(records2, await ProposeAsync(records, a, b))).StatusCode);

        var intoMerged = await records.PostAsJsonAsync("/api/v1/patients/merges", new { sourcePatientId = c, targetPatientId = a, reason = "dup" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, intoMerged.StatusCode);
        Assert.Contains("merged into another record", (await intoMerged.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var mergedAgain = await records.PostAsJsonAsync("/api/v1/patients/merges", new { sourcePatientId = a, targetPatientId = c, reason = "dup" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mergedAgain.StatusCode);
        Assert.Contains("already been merged", (await mergedAgain.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenDifferentNhsNumbers_WhenMerged_ThenTheOldRecordKeepsItsNumberAndTheMergeIsNotBlocked()
    {
        var records = await Clients.UserAsync(factory, "records");
        var records2 = await Clients.UserAsync(factory, "records2");
        var source = await NewPatientAsync(records);
        var target = await NewPatientAsync(records);
        var number = (await ReadPatientAsync(source)).NhsNumber;
        Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(records2, await ProposeAsync(records, source, target))).StatusCode);
        Assert.Equal(number, (await ReadPatientAsync(source)).NhsNumber);
    }

    [Fact]
    public async Task GivenAReceptionist_WhenTheyProposeOrListMerges_ThenForbidden()
    {
        var records = await Clients.UserAsync(factory, "records");
        var reception = await Clients.UserAsync(factory, "reception");
        var source = await NewPatientAsync(records);
        var target = await NewPatientAsync(records);
        var response = await reception.PostAsJsonAsync("/api/v1/patients/merges", new { sourcePatientId = source, targetPatientId = target, reason = "dup" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.GetAsync("/api/v1/patients/merges")).StatusCode);
        var merge = await ProposeAsync(records, source, target);
        Assert.Equal(HttpStatusCode.Forbidden, (await ConfirmAsync(reception, merge)).StatusCode);
        Assert.True((await ReadPatientAsync(source)).Active);
    }

    [Fact]
    public async Task GivenTwoConfirmationsOfOneProposalAtOnce_WhenBothArrive_ThenExactlyOneCarriesItOut()
    {
        var records = await Clients.UserAsync(factory, "records");
        var first = await Clients.UserAsync(factory, "records2");
        var second = await Clients.UserAsync(factory, "records2");
        var source = await NewPatientAsync(records);
        var target = await NewPatientAsync(records);
        await MuCheckForAsync(source);
        var merge = await ProposeAsync(records, source, target);

        var responses = await Task.WhenAll(ConfirmAsync(first, merge), ConfirmAsync(second, merge));
        var codes = responses.Select(r => r.StatusCode).OrderBy(c => c).ToList();
        Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }, codes);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.Equal(1, await db.Set<PatientMergeMove>().CountAsync(m => m.MergeId == merge));
        Assert.Equal(1, await db.AuditEvents.CountAsync(a => a.Entity == $"PatientMerge/{merge}" && a.PatientId == source && a.Detail!.StartsWith("merge confirmed")));
    }

    [Fact]
    public async Task GivenFhirMergeParameters_WhenPosted_ThenAProposalIsReturnedAsOperationOutcomeAndAClerkConfirmsIt()
    {
        var records = await Clients.UserAsync(factory, "records");
        var system = await Clients.SystemAsync(factory);
        var source = await NewPatientAsync(records);
        var target = await NewPatientAsync(records);
        var targetNhs = (await ReadPatientAsync(target)).NhsNumber;
        var parameters = $$"""
            {
              "resourceType": "Parameters",
              "parameter": [
                { "name": "source-patient", "valueReference": { "reference": "Patient/{{source}}" } },
                { "name": "target-patient-identifier", "valueIdentifier": { "system": "https://fhir.nhs.uk/Id/nhs-number", "value": "{{targetNhs}}" } }
              ]
            }
            """;

        var response = await system.PostAsync("/fhir/Patient/$merge", Clients.Fhir(parameters));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var outcome = await response.JsonAsync();
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        var reference = outcome.GetProperty("issue")[0].GetProperty("details").GetProperty("text").GetString()!;
        var merge = Guid.Parse(reference["PatientMerge/".Length..]);
        Assert.True((await ReadPatientAsync(source)).Active);

        Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(records, merge)).StatusCode);
        Assert.False((await ReadPatientAsync(source)).Active);

        var self = await system.PostAsync("/fhir/Patient/$merge", Clients.Fhir(parameters.Replace("target-patient-identifier", "preview", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Equal("OperationOutcome", (await self.JsonAsync()).GetProperty("resourceType").GetString());
    }
}

public sealed class PatientMergeTests_Sqlite(SqliteFactory factory) : PatientMergeTests(factory), IClassFixture<SqliteFactory>;

public sealed class PatientMergeTests_Postgres(PostgresFactory factory) : PatientMergeTests(factory), IClassFixture<PostgresFactory>;

/// <summary>The model rule itself: a table added with an undeclared patient id is caught; declared ones are classified.</summary>
public sealed class PatientReferenceMapTests
{
    private sealed class ForgottenRow
    {
        public Guid Id { get; set; }

        public Guid PatientId { get; set; }

        public Guid? SecondPatientId { get; set; }
    }

    private static Microsoft.EntityFrameworkCore.Metadata.IModel Model(Action<Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<ForgottenRow>> configure)
    {
        var builder = new ModelBuilder(Microsoft.EntityFrameworkCore.Metadata.Conventions.SqliteConventionSetBuilder.Build());
        new PatientsModel().Configure(builder, DatabaseProvider.Sqlite);
        builder.Entity<ForgottenRow>(e =>
        {
            e.ToTable("other_module_rows");
            e.Property(x => x.PatientId).HasColumnName("patient_id");
            e.Property(x => x.SecondPatientId).HasColumnName("second_patient_id");
            configure(e);
        });
        return builder.FinalizeModel();
    }

    [Fact]
    public void GivenANewTableWithAnUndeclaredPatientId_WhenTheModelIsChecked_ThenTheColumnIsReported()
    {
        var unclassified = PatientReferenceMap.Unclassified(Model(_ => { }));
        Assert.Contains(unclassified, c => c.StartsWith("other_module_rows.patient_id", StringComparison.Ordinal));
        Assert.Contains(unclassified, c => c.StartsWith("other_module_rows.second_patient_id", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenTheColumnsDeclared_WhenTheModelIsChecked_ThenMovedOrKeptAsDeclared()
    {
        var model = Model(e =>
        {
            e.Property(x => x.PatientId).IsPatientReference();
            e.Property(x => x.SecondPatientId).IsPatientReference(OnPatientMerge.Keep);
        });
        Assert.Empty(PatientReferenceMap.Unclassified(model));
        var moved = PatientReferenceMap.ToMove(model).Select(c => c.ToString()).ToList();
        Assert.Contains("other_module_rows.patient_id", moved);
        Assert.DoesNotContain("other_module_rows.second_patient_id", moved);
        Assert.Contains("patient_case_note_volumes.patient_id", moved);
    }
}
