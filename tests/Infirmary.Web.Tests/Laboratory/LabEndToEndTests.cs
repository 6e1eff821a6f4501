using System.Net;
using Infirmary.Hl7v2;
using Infirmary.Hl7v2.Mllp;
using Infirmary.Laboratory.Domain;
using Infirmary.Web.Tests.Infrastructure;
using static Infirmary.Web.Tests.Laboratory.LabTestSupport;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>
/// The whole journey of issue 6 through the real host: order → specimen → collected and received → ORU^R01 over real
/// MLLP TCP → filed → validated → authorised by a second scientist → read back as a FHIR DiagnosticReport with its
/// Observations. Also: nothing is visible to the requester before authorisation.
/// </summary>
public abstract class LabEndToEndTests(MllpFactory factory)
{
    [Fact]
    public async Task GivenAnFbcOrder_WhenResultedOverMllpValidatedAndAuthorised_ThenTheRequesterReadsTheDiagnosticReportWithItsObservations()
    {
        var patient = await PatientAsync(factory, "Male", "1970-01-15");
        var clinician = await Clients.UserAsync(factory, "clinician");
        var order = await OrderAsync(clinician, patient, "FBC");
        var accession = Accession(order, Containers.EdtaPurple);
        await CollectAndReceiveAsync(factory, accession);

        using (var tcp = await Hl7TestSupport.ConnectAsync(factory))
        {
            var stream = tcp.GetStream();
            using var reader = new MllpReader(stream);
            var ack = await Hl7TestSupport.SendAsync(stream, reader, LabOru.Message(Hl7TestSupport.NewControlId(), accession, null,
                ("718-7", "HGB", "125", "g/L"), ("6690-2", "WBC", "7.2", "10*9/L"), ("777-3", "PLT", "12", "10*9/L")));
            Assert.Equal(Hl7AckCode.AA, ack.Code);
        }

        // Filed but not authorised: the requester sees nothing yet.
        var before = await (await clinician.GetAsync($"/fhir/DiagnosticReport?patient=Patient/{patient}")).JsonAsync();
        Assert.Equal(0, before.GetProperty("total").GetInt32());

        var biomed = await Clients.UserAsync(factory, "biomed");
        var worklist = (await (await biomed.GetAsync("/api/v1/laboratory/reports/worklist")).JsonAsync()).EnumerateArray()
            .Single(r => r.GetProperty("accession").GetString() == accession);
        var reportId = worklist.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/fhir/DiagnosticReport/{reportId}")).StatusCode);

        var validate = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/laboratory/reports/{reportId}/validate");
        validate.Headers.TryAddWithoutValidation("If-Match", $"W/\"{worklist.GetProperty("version").GetInt32()}\"");
        var validated = await biomed.SendAsync(validate);
        Assert.Equal(HttpStatusCode.OK, validated.StatusCode);
        var authorise = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/laboratory/reports/{reportId}/authorise");
        authorise.Headers.TryAddWithoutValidation("If-Match", validated.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await (await Clients.UserAsync(factory, "biomed2")).SendAsync(authorise)).StatusCode);

        var bundle = await (await clinician.GetAsync($"/fhir/DiagnosticReport?patient=Patient/{patient}&_include=DiagnosticReport:result")).JsonAsync();
        Assert.Equal(1, bundle.GetProperty("total").GetInt32());
        var entries = bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        var report = Assert.Single(entries, e => e.GetProperty("resourceType").GetString() == "DiagnosticReport");
        Assert.Equal("final", report.GetProperty("status").GetString());
        Assert.Equal("58410-2", report.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString());
        Assert.Equal($"Patient/{patient}", report.GetProperty("subject").GetProperty("reference").GetString());
        Assert.Equal($"Specimen/{accession}", report.GetProperty("specimen")[0].GetProperty("reference").GetString());
        Assert.Equal("Dr Owen Price (biomed2)", report.GetProperty("resultsInterpreter")[0].GetProperty("display").GetString());
        Assert.Equal(3, report.GetProperty("result").GetArrayLength());

        var observations = entries.Where(e => e.GetProperty("resourceType").GetString() == "Observation").ToList();
        Assert.Equal(3, observations.Count);
        var plt = observations.Single(o => o.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString() == "777-3");
        Assert.Equal(12m, plt.GetProperty("valueQuantity").GetProperty("value").GetDecimal());
        Assert.Equal("10*9/L", plt.GetProperty("valueQuantity").GetProperty("code").GetString());
        Assert.Equal("LL", plt.GetProperty("interpretation")[0].GetProperty("coding")[0].GetProperty("code").GetString());
        var hb = observations.Single(o => o.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString() == "718-7");
        Assert.Equal("L", hb.GetProperty("interpretation")[0].GetProperty("coding")[0].GetProperty("code").GetString());
        Assert.Equal("130–180", hb.GetProperty("referenceRange")[0].GetProperty("text").GetString());

        var read = await clinician.GetAsync($"/fhir/DiagnosticReport/{reportId}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await clinician.GetAsync($"/fhir/Observation/{hb.GetProperty("id").GetString()}")).StatusCode);
        var specimen = await (await clinician.GetAsync($"/fhir/Specimen/{accession}")).JsonAsync();
        Assert.Equal("Liam Walker (labassist)", specimen.GetProperty("collection").GetProperty("collector").GetProperty("display").GetString());
    }

    [Fact]
    public async Task GivenABadSearch_WhenDiagnosticReportsAreSearched_Then400OperationOutcomeAndAReceptionistIsRefused()
    {
        var clinician = await Clients.UserAsync(factory, "clinician");
        var bad = await clinician.GetAsync("/fhir/DiagnosticReport?patient=nobody&colour=blue");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("OperationOutcome", (await bad.JsonAsync()).GetProperty("resourceType").GetString());
        var reception = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.GetAsync($"/fhir/DiagnosticReport?patient={Guid.NewGuid()}")).StatusCode);
    }
}

public sealed class LabEndToEndTests_Sqlite(SqliteMllpFactory factory) : LabEndToEndTests(factory), IClassFixture<SqliteMllpFactory>;

public sealed class LabEndToEndTests_Postgres(PostgresMllpFactory factory) : LabEndToEndTests(factory), IClassFixture<PostgresMllpFactory>;
