using Infirmary.Physics.Domain;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Physics;

/// <summary>What the calibration tests (TG-51 and TRS-398) read back from the database, and a fresh machine name each.</summary>
internal static class CalibrationStore
{
    public static string Machine() => $"LA-{Guid.NewGuid().ToString("N")[..8]}";

    public static async Task<List<Tg51Calibration>> StoredAsync(InfirmaryFactory factory, string machine)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        return await db.Set<Tg51Calibration>().AsNoTracking().Where(c => c.Machine == machine).ToListAsync();
    }
}
