using System.Net;
using System.Net.Http.Json;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Platform;

/// <summary>
/// Two web nodes (two complete hosts, each with its own connection pool and keys folder) on one PostgreSQL database,
/// racing: the database, not the process, keeps one record per NHS number and one unbroken audit chain.
/// </summary>
#pragma warning disable CA1001 // xUnit disposes the nodes through IAsyncLifetime.DisposeAsync.
public sealed class TwoNodeTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private TestDatabase _db = default!;
    private NodeFactory _a = default!;
    private NodeFactory _b = default!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        _a = new NodeFactory(_db);
        await _a.InitializeAsync();
        _b = new NodeFactory(_db);
        await _b.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_a).DisposeAsync();
        await ((IAsyncLifetime)_b).DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task GivenTwoNodes_WhenBothRegisterTheSameNhsNumbersAtOnce_ThenOnePatientEachAndTheAuditChainHolds()
    {
        var clientA = await Clients.SystemAsync(_a);
        var clientB = await Clients.SystemAsync(_b);
        var numbers = Enumerable.Range(0, 10).Select(_ => TestData.NhsNumber()).ToList();
        var requests = numbers.SelectMany(nhs => new[]
        {
            clientA.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(nhs)),
            clientB.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson(nhs)),
        });
        var responses = await Task.WhenAll(requests);

        Assert.Equal(numbers.Count, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(numbers.Count, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var nhs in numbers)
        {
            var found = await (await clientA.GetAsync($"/api/v1/patients?nhsNumber={nhs}")).JsonAsync();
            Assert.Equal(1, found.GetArrayLength());
        }

        await using var scope = _b.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.Null(await AuditChain.VerifyAsync(db, null, CancellationToken.None));
    }
}
