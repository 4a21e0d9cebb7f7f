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
        using var response = await SendAsync(() => _http.PostAsJsonAsync(path, body, Json.Options, cancellationToken));
        return await ReadAsync<T>(response, cancellationToken);
    }

    public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken));
        return await ReadAsync<JsonElement>(response, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send)
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
        if (response.IsSuccessStatusCode)
        {
            return await response.Content.ReadFromJsonAsync<T>(Json.Options, cancellationToken)
                ?? throw new CliException("The server sent an empty answer.");
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

internal sealed record ChallengeDto(Guid ChallengeId, string ToBeSigned, DateTimeOffset ExpiresAt, string SignatureFormat);

internal sealed record PartyDto(Guid Id, string Kind, string Name, string? PersonalNumber, string? Unp);

internal sealed record LoginDto(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, PartyDto Party, IReadOnlyList<string> Roles);
