using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Infirmary.Platform.Http;

/// <summary>Reading a raw request body with a size limit of the endpoint's own, below the server-wide one.</summary>
public static class RequestBodies
{
    /// <summary>
    /// The request body, or null when it is larger than <paramref name="max"/> bytes: refused from Content-Length when
    /// given, otherwise stopped as soon as the streamed body passes the limit (and the server's own limit is lowered to
    /// match), so an oversized upload is never held in memory whole.
    /// </summary>
    public static async Task<byte[]?> ReadLimitedAsync(HttpContext http, int max, CancellationToken ct)
    {
        if (http.Request.ContentLength > max)
        {
            return null;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max + 1L;
        }

        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await http.Request.Body.ReadAsync(buffer, ct)) > 0)
            {
                if (body.Length + read > max)
                {
                    return null;
                }

                body.Write(buffer, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return body.ToArray();
    }
}
