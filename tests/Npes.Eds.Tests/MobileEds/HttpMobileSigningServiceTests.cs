using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Npes.Eds.MobileEds;
using Xunit;

namespace Npes.Eds.Tests.MobileEds;

public sealed class HttpMobileSigningServiceTests
{
    [Fact]
    public async Task StartAsync_EmptyData_ThrowsArgumentException()
    {
        var service = Service(_ => Json("{}"));

        await Assert.ThrowsAsync<ArgumentException>(() => service.StartAsync("+375291234567", ReadOnlyMemory<byte>.Empty, "text", default));
    }

    [Fact]
    public async Task StartAsync_DataTooLong_ThrowsArgumentException()
    {
        var service = Service(_ => Json("{}"));

        await Assert.ThrowsAsync<ArgumentException>(() => service.StartAsync("+375291234567", new byte[4097], "text", default));
    }

    [Fact]
    public async Task StartAsync_DisplayTextTooLong_ThrowsArgumentException()
    {
        var service = Service(_ => Json("{}"));

        await Assert.ThrowsAsync<ArgumentException>(() => service.StartAsync("+375291234567", new byte[1], new string('x', 201), default));
    }

    [Fact]
    public async Task FindCertificateAsync_PhoneTooLong_ThrowsArgumentException()
    {
        var service = Service(_ => Json("{}"));

        await Assert.ThrowsAsync<ArgumentException>(() => service.FindCertificateAsync(new string('1', 33), default));
    }

    [Fact]
    public async Task PollAsync_NotConfigured_ThrowsEdsException()
    {
        var service = new HttpMobileSigningService(new HttpClient(new StubHandler(_ => Json("{}"))), Options.Create(new MobileEdsOptions()));

        var e = await Assert.ThrowsAsync<EdsException>(() => service.PollAsync("r1", default));

        Assert.Contains("not configured", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollAsync_ResponseOverLimit_ThrowsEdsException()
    {
        var service = Service(_ => Json("{\"status\":\"pending\",\"x\":\"" + new string('a', 2000) + "\"}"), maxResponseBytes: 1024);

        var e = await Assert.ThrowsAsync<EdsException>(() => service.PollAsync("r1", default));

        Assert.Contains("more than 1024 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollAsync_UnknownStatus_ThrowsEdsException()
    {
        var service = Service(_ => Json("{\"status\":\"maybe\"}"));

        await Assert.ThrowsAsync<EdsException>(() => service.PollAsync("r1", default));
    }

    [Fact]
    public async Task PollAsync_SignedWithoutSignature_ThrowsEdsException()
    {
        var service = Service(_ => Json("{\"status\":\"signed\",\"certificate\":\"AA==\"}"));

        await Assert.ThrowsAsync<EdsException>(() => service.PollAsync("r1", default));
    }

    [Fact]
    public async Task PollAsync_UnknownRequest_Expired()
    {
        var service = Service(_ => new HttpResponseMessage(HttpStatusCode.NotFound));

        var result = await service.PollAsync("r1", default);

        Assert.Equal(MobileSigningState.Expired, result.State);
    }

    [Fact]
    public async Task PollAsync_ServerError_ThrowsEdsException()
    {
        var service = Service(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError));

        await Assert.ThrowsAsync<EdsException>(() => service.PollAsync("r1", default));
    }

    [Fact]
    public async Task PollAsync_SlowService_ThrowsEdsExceptionAfterTimeout()
    {
        var service = new HttpMobileSigningService(
            new HttpClient(new StubHandler(_ => throw new InvalidOperationException("unused"), delay: TimeSpan.FromSeconds(30))),
            Options.Create(new MobileEdsOptions { Url = new Uri("http://mobile.invalid/"), Timeout = TimeSpan.FromMilliseconds(100) }));

        var e = await Assert.ThrowsAsync<EdsException>(() => service.PollAsync("r1", default));

        Assert.Contains("did not answer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollAsync_RequestIdEscapedIntoPath()
    {
        Uri? seen = null;
        var service = Service(request =>
        {
            seen = request.RequestUri;
            return Json("{\"status\":\"refused\"}");
        });

        var result = await service.PollAsync("../phones/x", default);

        Assert.Equal(MobileSigningState.Refused, result.State);
        Assert.Equal("/base/requests/..%2Fphones%2Fx", seen!.AbsolutePath);
    }

    private static HttpMobileSigningService Service(Func<HttpRequestMessage, HttpResponseMessage> answer, int maxResponseBytes = 64 * 1024) =>
        new(new HttpClient(new StubHandler(answer)), Options.Create(new MobileEdsOptions { Url = new Uri("http://mobile.invalid/base"), MaxResponseBytes = maxResponseBytes }));

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer, TimeSpan? delay = null) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (delay is { } wait)
            {
                await Task.Delay(wait, cancellationToken);
            }

            return answer(request);
        }
    }
}
