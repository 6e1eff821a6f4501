namespace Infirmary.Platform.Fhir;

public static class KnownHeaders
{
    public const string IfMatch = "If-Match";
    public const string IfNoneExist = "If-None-Exist";
    public const string Prefer = "Prefer";
    public const string ETag = "ETag";
    public const string LastModified = "Last-Modified";
    public const string Location = "Location";
}

public static class KnownRoutes
{
    public const string Fhir = "/fhir";
    public const string Api = "/api/v1";

    /// <summary>CDS Hooks 1.0 services (machine clients: JSON errors, never a login redirect).</summary>
    public const string CdsServices = "/cds-services";
}

public static class KnownIdentifierSystems
{
    public const string NhsNumber = "https://fhir.nhs.uk/Id/nhs-number";
    public const string OdsOrganisationCode = "https://fhir.nhs.uk/Id/ods-organization-code";
    public const string UkCoreNhsNumberVerificationStatus = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";
}
