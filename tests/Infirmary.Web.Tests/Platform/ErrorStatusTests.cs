using Infirmary.Platform.Data;
using Infirmary.Web.Platform;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Infirmary.Web.Tests.Platform;

/// <summary>Which status an unhandled exception is answered with (the handler itself is exercised by every 500 test).</summary>
public sealed class ErrorStatusTests
{
    private static PostgresException Postgres(string sqlState) => new("refused", "ERROR", "ERROR", sqlState);

    [Fact]
    public void GivenAValueLongerThanItsColumn_WhenSaved_ThenAnsweredAsBadInputNotAServerError()
    {
        var tooLong = new DbUpdateException("An error occurred while saving the entity changes.", Postgres(PostgresErrorCodes.StringDataRightTruncation));

        Assert.True(DbErrors.IsTooLong(tooLong));
        Assert.True(DbErrors.IsTooLong(Postgres(PostgresErrorCodes.StringDataRightTruncation)));
        Assert.Equal(StatusCodes.Status400BadRequest, ErrorResponses.StatusFor(tooLong));
        Assert.Equal(StatusCodes.Status400BadRequest, ErrorResponses.StatusFor(new ValueTooLongException("rota", "reason", 501, 500)));
    }

    [Fact]
    public void GivenOtherDatabaseFailures_WhenUnhandled_ThenStillServerErrors()
    {
        Assert.False(DbErrors.IsTooLong(new DbUpdateException("x", Postgres(PostgresErrorCodes.UniqueViolation))));
        Assert.Equal(StatusCodes.Status500InternalServerError, ErrorResponses.StatusFor(new DbUpdateException("x", Postgres(PostgresErrorCodes.DeadlockDetected))));
        Assert.Equal(StatusCodes.Status500InternalServerError, ErrorResponses.StatusFor(new InvalidOperationException("x")));
        Assert.Equal(StatusCodes.Status500InternalServerError, ErrorResponses.StatusFor(null));
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, ErrorResponses.StatusFor(new BadHttpRequestException("big", StatusCodes.Status413PayloadTooLarge)));
    }
}
