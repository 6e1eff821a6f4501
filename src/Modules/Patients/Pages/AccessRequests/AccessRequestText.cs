using Infirmary.Patients.Domain;

namespace Infirmary.Patients.Pages.AccessRequests;

internal static class AccessRequestText
{
    public static string Status(AccessRequestStatus s) => s switch
    {
        AccessRequestStatus.Received => "Received",
        AccessRequestStatus.IdentityVerified => "Identity verified",
        AccessRequestStatus.InProgress => "In progress",
        AccessRequestStatus.Disclosed => "Disclosed",
        AccessRequestStatus.Refused => "Refused",
        _ => "Withdrawn",
    };
}
