using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Npes.Cli;

/// <summary>Talks to the NPES REST API; a problem+json refusal becomes a <see cref="CliException"/> naming its code.</summary>
internal sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(Uri server, CliEnvironment environment, string? accessToken = null)
    {
        _http = environment.HttpHandler is null ? new HttpClient() : new HttpClient(environment.HttpHandler, disposeHandler: false);
        _http.BaseAddress = server;
        _http.Timeout = TimeSpan.FromSeconds(60);
        if (accessToken is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
    }

    public async Task<T> PostAsync<T>(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await TransportAsync(() => _http.PostAsJsonAsync(path, body, Json.Options, cancellationToken));
        return await ReadAsync<T>(response, cancellationToken);
    }

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) => GetAsync<JsonElement>(path, cancellationToken);

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await TransportAsync(() => _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken));
        return await ReadAsync<T>(response, cancellationToken);
    }

    /// <summary>Sends <paramref name="request"/>; returns the success status (200, 201, …) with the body.</summary>
    public async Task<(HttpStatusCode Status, T Body)> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await TransportAsync(() => _http.SendAsync(request, cancellationToken));
        return (response.StatusCode, await ReadAsync<T>(response, cancellationToken));
    }

    /// <summary>Deletes a resource; the answer carries no body.</summary>
    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await TransportAsync(() => _http.DeleteAsync(new Uri(path, UriKind.Relative), cancellationToken));
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Downloads a binary resource, refusing one larger than <paramref name="maxBytes"/>.</summary>
    public async Task<byte[]> GetBytesAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        using var response = await TransportAsync(() => _http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken));
        await EnsureSuccessAsync(response, cancellationToken);
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw new CliException($"The server sent {response.Content.Headers.ContentLength} bytes for {path}; at most {maxBytes} are accepted.");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new CliException($"The server sent more than {maxBytes} bytes for {path}.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> TransportAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send();
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"Cannot reach the NPES server at {_http.BaseAddress}: {e.Message} (is it running? --server or NPES_SERVER choose another)", e);
        }
        catch (TaskCanceledException e)
        {
            throw new CliException($"The NPES server at {_http.BaseAddress} did not answer in time.", e);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json.Options, cancellationToken)
                ?? throw new CliException("The server sent an empty answer.");
        }
        catch (JsonException e)
        {
            throw new CliException("The server's answer is not the JSON expected: " + e.Message, e);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string? code = null;
        string? detail = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                code = problem.TryGetProperty("code", out var c) ? c.GetString() : null;
                detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : problem.TryGetProperty("title", out var t) ? t.GetString() : null;
            }
            catch (JsonException)
            {
                // Fall through to the status line.
            }
        }

        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        throw new CliException(detail is null ? $"The server refused: {status}." : $"{detail} ({code ?? status})") { Code = code };
    }
}
