using System.Net;
using System.Net.Http.Json;
using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Infirmary.Web.Tests.Laboratory.LabTestSupport;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>Specimen labels (50 x 25 mm, Code 128 of the accession number) and phlebotomy collection lists by ward or clinic.</summary>
public abstract class SpecimenLabelTests(InfirmaryFactory factory)
{
    [Fact]
    public async Task GivenARequestForFbcAndCrp_WhenItsLabelsArePrinted_ThenOneLabelPerTubeNamingThePatientAndTestsWithAReadableBarcode()
    {
        var family = TestData.Family();
        var nhs = TestData.NhsNumber();
        var patient = await PatientAsync(factory, family: family, nhsNumber: nhs);
        var clinician = await Clients.UserAsync(factory, "clinician");
        var order = await OrderAsync(clinician, patient, "FBC", "CRP");

        var response = await clinician.GetAsync($"/api/v1/laboratory/orders/{order.GetProperty("id").GetString()}/labels");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(2, PdfText.Pages(pdf));
        var text = PdfText.Of(pdf);
        Assert.Contains($"{family.ToUpperInvariant()}, Jane", text, StringComparison.Ordinal);
        Assert.Contains($"NHS {nhs[..3]} {nhs[3..6]} {nhs[6..]} DOB 27-Mar-1984", text, StringComparison.Ordinal);
        Assert.Contains($"HB WBC PLT · {Containers.EdtaPurple}", text, StringComparison.Ordinal);
        Assert.Contains($"CRP · {Containers.SstGold}", text, StringComparison.Ordinal);
        Assert.Contains("Collected ___/___ at ___:___ by", text, StringComparison.Ordinal);
        var accessions = new[] { Accession(order, Containers.EdtaPurple), Accession(order, Containers.SstGold) }.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(accessions, PdfBarcodes.Of(pdf));

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"Specimen/{accessions[0]}" && a.PatientId == patient && a.Detail == "specimen label printed"));
    }

    [Fact]
    public async Task GivenOneSpecimen_WhenTheLaboratoryPrintsItsLabel_ThenTheBarcodeDecodesToItsAccessionAndOtherwise404()
    {
        var patient = await PatientAsync(factory);
        var order = await OrderAsync(await Clients.UserAsync(factory, "clinician"), patient, "INR");
        var accession = Accession(order, Containers.CitrateBlue);
        var lab = await Clients.UserAsync(factory, "labassist");

        var pdf = await lab.GetByteArrayAsync($"/api/v1/laboratory/specimens/{accession.ToLowerInvariant()}/label");
        Assert.Equal([accession], PdfBarcodes.Of(pdf));
        Assert.Contains($"INR · {Containers.CitrateBlue}", PdfText.Of(pdf), StringComparison.Ordinal);

        var missing = await lab.GetAsync("/api/v1/laboratory/specimens/L0000000000/label");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task GivenANameTooLongForTheLabel_WhenPrinted_Then422NamingTheTextNotACutOffLabel()
    {
        var family = "Featherstonehaugh-Cholmondeley-Marjoribanks-Wolstenholme-" + TestData.Family();
        var patient = await PatientAsync(factory, family: family, given: "Alexandra-Wilhelmina Bartholomew-Maximiliana Constantinopolitana");
        var clinician = await Clients.UserAsync(factory, "clinician");
        var order = await OrderAsync(clinician, patient, "CRP");

        var response = await clinician.GetAsync($"/api/v1/laboratory/orders/{order.GetProperty("id").GetString()}/labels");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var detail = (await response.JsonAsync()).GetProperty("detail").GetString()!;
        Assert.Contains("50 × 25 mm", detail, StringComparison.Ordinal);
        // The long name takes the room of the lines below it; the refusal names the first text that would have been lost.
        Assert.Contains($"\"CRP · {Containers.SstGold}\" runs past the bottom edge", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenRequestsAtAWard_WhenTheCollectionListIsRead_ThenOutstandingTubesUrgentFirstAndCollectedOnesDropOff()
    {
        var ward = $"Ward {Guid.NewGuid():N}"[..14];
        var clinician = await Clients.UserAsync(factory, "clinician");
        var routinePatient = await PatientAsync(factory, family: TestData.Family());
        var urgentFamily = TestData.Family();
        var urgentPatient = await PatientAsync(factory, family: urgentFamily);
        var routine = await OrderAtAsync(clinician, routinePatient, ward, "routine", "CRP");
        var urgent = await OrderAtAsync(clinician, urgentPatient, ward, "urgent", "FBC");
        await OrderAtAsync(clinician, urgentPatient, "Elsewhere clinic", "urgent", "INR");
        var lab = await Clients.UserAsync(factory, "labassist");

        var locations = await lab.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/laboratory/collection-lists");
        Assert.Equal(2, locations.EnumerateArray().Single(l => l.GetProperty("location").GetString() == ward).GetProperty("outstanding").GetInt32());

        var list = await lab.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/laboratory/collection-lists/list?location={Uri.EscapeDataString(ward.ToUpperInvariant())}");
        Assert.Equal([Accession(urgent, Containers.EdtaPurple), Accession(routine, Containers.SstGold)],
            list.EnumerateArray().Select(l => l.GetProperty("accession").GetString()));
        Assert.True(list[0].GetProperty("urgent").GetBoolean());

        var pdf = await lab.GetAsync($"/api/v1/laboratory/collection-lists/list.pdf?location={Uri.EscapeDataString(ward)}");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var text = PdfText.Of(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains($"Phlebotomy collection list: {ward}", text, StringComparison.Ordinal);
        Assert.Contains("2 specimens awaiting collection, 1 urgent.", text, StringComparison.Ordinal);
        Assert.Contains(Accession(routine, Containers.SstGold), text, StringComparison.Ordinal);
        Assert.Contains("URGENT", text, StringComparison.Ordinal);
        Assert.Contains(urgentFamily.ToUpperInvariant(), text, StringComparison.Ordinal);
        Assert.DoesNotContain("INR", text, StringComparison.Ordinal);

        var at = DateTime.UtcNow.AddMinutes(-2);
        var collect = await lab.PostAsJsonAsync($"/api/v1/laboratory/specimens/{Accession(urgent, Containers.EdtaPurple)}/collect", new { collectedAt = at });
        Assert.Equal(HttpStatusCode.OK, collect.StatusCode);
        var collected = await collect.JsonAsync();
        Assert.Equal("Liam Walker (labassist)", collected.GetProperty("collectedBy").GetString());

        list = await lab.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/laboratory/collection-lists/list?location={Uri.EscapeDataString(ward)}");
        Assert.Equal([Accession(routine, Containers.SstGold)], list.EnumerateArray().Select(l => l.GetProperty("accession").GetString()));

        var page = await (await lab.GetAsync($"/laboratory/collection?location={Uri.EscapeDataString(ward)}")).Content.ReadAsStringAsync();
        Assert.Contains(Accession(routine, Containers.SstGold), page, StringComparison.Ordinal);
        Assert.DoesNotContain(Accession(urgent, Containers.EdtaPurple), page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenNoLocationOrAReceptionist_WhenTheCollectionListIsAsked_Then400Or403()
    {
        var lab = await Clients.UserAsync(factory, "labassist");
        Assert.Equal(HttpStatusCode.BadRequest, (await lab.GetAsync("/api/v1/laboratory/collection-lists/list.pdf")).StatusCode);
        var reception = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.GetAsync("/api/v1/laboratory/collection-lists/list?location=Ward%207")).StatusCode);
    }
}

public sealed class SpecimenLabelTests_Sqlite(SqliteFactory factory) : SpecimenLabelTests(factory), IClassFixture<SqliteFactory>;

public sealed class SpecimenLabelTests_Postgres(PostgresFactory factory) : SpecimenLabelTests(factory), IClassFixture<PostgresFactory>;
