using Infirmary.Laboratory.Domain;
using Infirmary.Laboratory.Interface;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Http;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Infirmary.Laboratory.Features;

/// <summary>
/// <c>POST /api/v1/hl7v2</c>: one ER7 (pipe-delimited) HL7 v2 message in the body, its ACK (AA/AE/AR) in the response,
/// always 200 when a message was read from the body — the outcome is in MSA-1, as over MLLP.
/// </summary>
public static class Hl7Api
{
    public static readonly string[] ContentTypes = ["application/hl7-v2", "x-application/hl7-v2+er7", "text/plain"];

    public const string AckContentType = "application/hl7-v2";

    public static IEndpointRouteBuilder MapHl7Api(this IEndpointRouteBuilder app)
    {
        app.MapPost($"{KnownRoutes.Api}/hl7v2", Receive).RequirePermission(Permissions.LabInterface)
            .WithTags("Laboratory").WithSummary("Send one HL7 v2 message (ER7); the response is its ACK")
            .Accepts<string>(ContentTypes[0], ContentTypes[1..]).Produces<string>(200, AckContentType)
            .DisableAntiforgery();
        return app;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Receive(
        HttpContext http, ReceiveHl7Message handler, ResultGroupCommit groupCommit, ActorAccessor actors, IOptions<Hl7InterfaceOptions> options,
        CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            || !ContentTypes.Contains(mediaType.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            return TypedResults.Problem($"Send the message as one of: {string.Join(", ", ContentTypes)}.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type");
        }

        var max = options.Value.MaxMessageBytes;
        if (await RequestBodies.ReadLimitedAsync(http, max, ct) is not { } body)
        {
            return TooLarge(max);
        }

        // Result messages share the MLLP listener's group commit; anything else (ADT: the caller's rights decide) is
        // handled in this request's scope.
        var remote = http.Connection.RemoteIpAddress?.ToString();
        var receipt = await (groupCommit.TryReceive(body, Hl7Channel.Http, remote, actors.Current)
            ?? handler.HandleAsync(body, Hl7Channel.Http, remote, ct));
        return TypedResults.Content(receipt.Ack, $"{AckContentType}; charset={receipt.Encoding.WebName}", receipt.Encoding);
    }

    private static ProblemHttpResult TooLarge(int max) => TypedResults.Problem(
        $"An HL7 v2 message may be at most {max} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Message too large");
}
