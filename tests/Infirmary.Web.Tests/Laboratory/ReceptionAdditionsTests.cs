using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Infirmary.Hl7v2;
using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Infirmary.Web.Tests.Laboratory.LabTestSupport;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>Rejection notices on the requester's list, aliquots with their own barcodes, storage rack positions with retrieval.</summary>
public abstract class ReceptionAdditionsTests(InfirmaryFactory factory)
{
    private const string Specimens = "/api/v1/laboratory/specimens";

    [Fact]
    public async Task GivenARejectedSpecimen_WhenTheRequesterLooksAtTheirRequests_ThenANoticeStaysUntilTheyAcknowledgeIt()
    {
        var patient = await PatientAsync(factory);
        var clinician = await Clients.UserAsync(factory, "clinician");
        var order = await OrderAsync(clinician, patient, "CRP");
        var accession = Accession(order, Containers.SstGold);
        var lab = await Clients.UserAsync(factory, "labassist");
        Assert.Equal(HttpStatusCode.OK, (await lab.PostAsJsonAsync($"{Specimens}/{accession}/collect", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lab.PostAsJsonAsync($"{Specimens}/{accession}/reject", new { reason = "haemolysed", note = "Grossly haemolysed" })).StatusCode);

        var notices = await clinician.GetFromJsonAsync<JsonElement>("/api/v1/laboratory/orders/rejections");
        var notice = Assert.Single(notices.EnumerateArray(), n => n.GetProperty("accession").GetString() == accession);
        Assert.Equal("Haemolysed", notice.GetProperty("reason").GetString());
        Assert.Equal("Grossly haemolysed", notice.GetProperty("note").GetString());
        var page = WebUtility.HtmlDecode(await clinician.GetStringAsync("/laboratory/orders"));
        Assert.Contains("Specimens rejected by the laboratory", page, StringComparison.Ordinal);
        Assert.Contains(accession, page, StringComparison.Ordinal);

        // Someone who did not request it cannot clear the requester's notice.
        var biomed = await Clients.UserAsync(factory, "biomed");
        Assert.Equal(HttpStatusCode.NotFound, (await biomed.PostAsync($"/api/v1/laboratory/orders/rejections/{accession}/acknowledge", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await clinician.PostAsync($"/api/v1/laboratory/orders/rejections/{accession}/acknowledge", null)).StatusCode);
        Assert.DoesNotContain((await clinician.GetFromJsonAsync<JsonElement>("/api/v1/laboratory/orders/rejections")).EnumerateArray(),
            n => n.GetProperty("accession").GetString() == accession);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.NotNull((await db.Set<Specimen>().SingleAsync(s => s.Accession == accession)).RejectionSeenAt);
    }

    [Fact]
    public async Task GivenAReceivedSpecimen_WhenAnAliquotIsPoured_ThenItHasItsOwnBarcodeLinkedToTheParentAndResultsFileAgainstIt()
    {
        var patient = await PatientAsync(factory);
        var order = await OrderAsync(await Clients.UserAsync(factory, "clinician"), patient, "FBC", "CRP");
        var parent = Accession(order, Containers.EdtaPurple);
        var waiting = Accession(order, Containers.SstGold);
        await CollectAndReceiveAsync(factory, parent);
        var lab = await Clients.UserAsync(factory, "labassist");

        Assert.Equal(HttpStatusCode.BadRequest, (await lab.PostAsJsonAsync($"{Specimens}/{parent}/aliquots", new { volumeMl = 40 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await lab.PostAsJsonAsync($"{Specimens}/{waiting}/aliquots", new { volumeMl = 1 })).StatusCode);
        var created = await lab.PostAsJsonAsync($"{Specimens}/{parent}/aliquots", new { volumeMl = 1.5 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var aliquot = await created.JsonAsync();
        var child = aliquot.GetProperty("accession").GetString()!;
        Assert.Matches("^L[0-9]{10}$", child);
        Assert.NotEqual(parent, child);
        Assert.Equal(parent, aliquot.GetProperty("parentAccession").GetString());
        Assert.Equal("received", aliquot.GetProperty("status").GetString());

        var listed = await lab.GetFromJsonAsync<JsonElement>($"{Specimens}/{parent}/aliquots");
        Assert.Equal([child], listed.EnumerateArray().Select(a => a.GetProperty("accession").GetString()));
        Assert.Equal([child], PdfBarcodes.Of(await lab.GetByteArrayAsync($"{Specimens}/{child}/label")));

        var ack = await LabOru.SendAsync(await Clients.SystemAsync(factory), LabOru.Message(Hl7TestSupport.NewControlId(), child, null, ("718-7", "HGB", "131", "g/L")));
        Assert.Equal(Hl7AckCode.AA, ack.Code);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var childRow = await db.Set<Specimen>().SingleAsync(s => s.Accession == child);
        Assert.Equal(patient, childRow.PatientId);
        Assert.True(await db.Set<LabReport>().AnyAsync(r => r.SpecimenId == childRow.Id && r.PatientId == patient));
    }

    [Fact]
    public async Task GivenRackPositions_WhenSpecimensAreStoredAndRetrieved_ThenOneTubePerPositionAndTheLocationIsFoundByBarcode()
    {
        var patient = await PatientAsync(factory);
        var clinician = await Clients.UserAsync(factory, "clinician");
        var first = Accession(await OrderAsync(clinician, patient, "CRP"), Containers.SstGold);
        var second = Accession(await OrderAsync(clinician, patient, "CRP"), Containers.SstGold);
        var notReceived = Accession(await OrderAsync(clinician, patient, "CRP"), Containers.SstGold);
        await CollectAndReceiveAsync(factory, first);
        await CollectAndReceiveAsync(factory, second);
        var lab = await Clients.UserAsync(factory, "labassist");
        var rack = $"R{Guid.NewGuid():N}"[..12];
        var bench = await lab.GetStringAsync("/laboratory/reception");
        Assert.Contains("Pour aliquot", bench, StringComparison.Ordinal);
        Assert.Contains("Retrieve", bench, StringComparison.Ordinal);

        var stored = await lab.PostAsJsonAsync($"{Specimens}/{first}/store", new { rack, position = "b7" });
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        var found = await lab.GetFromJsonAsync<JsonElement>($"{Specimens}/{first}");
        Assert.Equal(rack.ToUpperInvariant(), found.GetProperty("storageRack").GetString());
        Assert.Equal("B7", found.GetProperty("storagePosition").GetString());

        var clash = await lab.PostAsJsonAsync($"{Specimens}/{second}/store", new { rack, position = "B7" });
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Contains("already holds", (await clash.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await lab.PostAsJsonAsync($"{Specimens}/{notReceived}/store", new { rack, position = "C1" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await lab.PostAsJsonAsync($"{Specimens}/{second}/store", new { rack, position = "" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await lab.PostAsync($"{Specimens}/{first}/retrieve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await lab.PostAsync($"{Specimens}/{first}/retrieve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lab.PostAsJsonAsync($"{Specimens}/{second}/store", new { rack, position = "B7" })).StatusCode);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var retrieved = await db.Set<Specimen>().SingleAsync(s => s.Accession == first);
        Assert.Null(retrieved.StorageRack);
        Assert.Equal("Liam Walker (labassist)", retrieved.RetrievedBy);
        // The database refuses a rack without a position, and storing a tube that was never received.
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE lab_specimens SET storage_rack = 'X' WHERE accession = {first}"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE lab_specimens SET storage_rack = 'X', storage_position = 'A1' WHERE accession = {notReceived}"));
    }
}

public sealed class ReceptionAdditionsTests_Sqlite(SqliteFactory factory) : ReceptionAdditionsTests(factory), IClassFixture<SqliteFactory>;

public sealed class ReceptionAdditionsTests_Postgres(PostgresFactory factory) : ReceptionAdditionsTests(factory), IClassFixture<PostgresFactory>;
