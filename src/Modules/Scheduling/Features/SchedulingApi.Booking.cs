using Microsoft.AspNetCore.Routing;

namespace Infirmary.Scheduling.Features;

public static partial class SchedulingApi
{
    private static void MapBooking(RouteGroupBuilder group)
    {
    }
}
