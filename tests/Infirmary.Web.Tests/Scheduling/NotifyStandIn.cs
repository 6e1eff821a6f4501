using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Infirmary.Web.Tests.Scheduling;

/// <summary>
/// A local stand-in for GOV.UK Notify's HTTP API, hosted in the test process on a free port. It is a stand-in
/// because the real service is outside our reach from tests (it needs a live service, a real key and the network);
/// it answers the routes the <c>GovukNotify</c> client calls with Notify-shaped JSON and records every request, so a
/// test can count what was sent. A phone number of <see cref="RefusedPhone"/> gets Notify's 400 error body. Text
/// messages, emails and letters are taken; a message's delivery status is what the test last set with
/// <see cref="SetStatus"/> (Notify starts every message at <c>created</c>).
/// </summary>
public sealed class NotifyStandIn : IAsyncDisposable
{
    /// <summary>Notify's fictional test number range; the stand-in refuses this one as Notify refuses a bad recipient.</summary>
    public const string RefusedPhone = "07700900400";

    public const string ServiceId = "5b0b2d62-3f1c-4b8e-9b5a-0f3c3a8f1d10";

    public const string ApiKey = $"infirmary_test-{ServiceId}-0c2f2a6e-5d43-4a8b-bb7e-6e1d9c0a7f42";

    private readonly WebApplication app;

    public ConcurrentQueue<Sent> Requests { get; } = new();

    public string BaseUrl { get; }

    /// <summary>Delivery statuses by Notify id, and when each became final.</summary>
    public ConcurrentDictionary<string, (string Status, DateTime? CompletedAt)> Statuses { get; } = new();

    /// <summary>How many times a message's status was asked for.</summary>
    public ConcurrentDictionary<string, int> StatusRequests { get; } = new();

    public sealed record Sent(string Kind, string Reference, string? Phone, string TemplateId, JsonObject Personalisation, string Authorization, string Id, string? Email = null);

    public void SetStatus(string id, string status, DateTime? completedAt = null) => Statuses[id] = (status, completedAt);

    private NotifyStandIn(WebApplication app, string baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<NotifyStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        NotifyStandIn? self = null;
        app.MapPost("/v2/notifications/{kind}", async (string kind, HttpContext http) =>
        {
            var body = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
            var reference = body["reference"]?.GetValue<string>() ?? string.Empty;
            var phone = body["phone_number"]?.GetValue<string>();
            if (phone == RefusedPhone)
            {
                return Results.Json(new { status_code = 400, errors = new[] { new { error = "BadRequestError", message = "Can't send to this recipient using a team-only API key" } } }, statusCode: 400);
            }

            // Long enough for two dispatchers to overlap when a test runs them together.
            await Task.Delay(50);
            var id = Guid.NewGuid().ToString();
            self!.Requests.Enqueue(new Sent(kind, reference, phone, body["template_id"]!.GetValue<string>(),
                body["personalisation"]?.AsObject() ?? [], http.Request.Headers.Authorization.ToString(), id, body["email_address"]?.GetValue<string>()));
            self.Statuses[id] = ("created", null);
            return Results.Json(new
            {
                id, reference,
                content = new { body = "Reminder", from_number = "Infirmary", subject = "Your appointment" },
                uri = $"{self.BaseUrl}/v2/notifications/{id}",
                template = new { id = body["template_id"]!.GetValue<string>(), version = 1, uri = $"{self.BaseUrl}/v2/template/x" },
            }, statusCode: 201);
        });
        app.MapGet("/v2/notifications", (string? reference) =>
        {
            var found = self!.Requests.Where(r => r.Reference == reference)
                .Select(r => new { id = r.Id, reference = r.Reference, type = r.Kind, status = "created", template = new { id = r.TemplateId, version = 1, uri = "x" } });
            return Results.Json(new { notifications = found.ToArray(), links = new { current = $"{self.BaseUrl}/v2/notifications" } });
        });
        app.MapGet("/v2/notifications/{id}", (string id) =>
        {
            self!.StatusRequests.AddOrUpdate(id, 1, (_, n) => n + 1);
            var sent = self.Requests.FirstOrDefault(r => r.Id == id);
            if (sent is null || !self.Statuses.TryGetValue(id, out var state))
            {
                return Results.Json(new { status_code = 404, errors = new[] { new { error = "NoResultFound", message = "No result found" } } }, statusCode: 404);
            }

            return Results.Json(new
            {
                id, reference = sent.Reference, type = sent.Kind, status = state.Status, email_address = sent.Email, phone_number = sent.Phone,
                created_at = "2026-11-25T10:00:00.000000Z", completed_at = state.CompletedAt?.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture),
                template = new { id = sent.TemplateId, version = 1, uri = "x" }, body = "Reminder",
            });
        });
        await app.StartAsync();
        var url = app.Urls.First();
        self = new NotifyStandIn(app, url);
        return self;
    }

    /// <summary>Records a message as if Notify had accepted it earlier (a node that died after sending).</summary>
    public void Preload(string reference) =>
        Requests.Enqueue(new Sent("sms", reference, null, "preloaded", [], string.Empty, Guid.NewGuid().ToString()));

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
