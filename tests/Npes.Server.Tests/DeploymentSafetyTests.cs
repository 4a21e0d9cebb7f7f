using Npes.Eds.Pki;
using Npes.Testing;

namespace Npes.Server.Tests;

/// <summary>Outside Development the server refuses sample trust, sample keys and demo seeding unless a demonstration is declared.</summary>
public sealed class DeploymentSafetyTests
{
    [Fact]
    public async Task Start_ProductionProcessWithSampleAnchors_ExitsNonZeroNamingTheSetting()
    {
        using var server = ServerProcess.Start(
            $"http://127.0.0.1:{ServerProcess.FreePort()}",
            ("ASPNETCORE_ENVIRONMENT", "Production"),
            ("ConnectionStrings__Npes", await TestPostgres.CreateDatabaseAsync()),
            ("Npes__Eds__TrustAnchors__0", TestPki.File("root-ca.crt")),
            ("Npes__Eds__Intermediates__0", TestPki.File("issuing-ca.crt")),
            ("Npes__Operator__SigningKey", TestPki.File("operator-service.p12")),
            ("Npes__Operator__SigningKeyPassword", SamplePki.DemoPassword),
            ("Npes__Tsa__Key", TestPki.File("tsa.p12")),
            ("Npes__Tsa__KeyPassword", SamplePki.DemoPassword),
            ("Npes__Storage__MasterKeys__test", Convert.ToBase64String(new byte[32])));

        await server.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(3, server.Process.ExitCode);
        Assert.Contains("Refusing to start in environment 'Production'", server.Output, StringComparison.Ordinal);
        Assert.Contains("Npes:Eds:TrustAnchors includes the sample root", server.Output, StringComparison.Ordinal);
        Assert.Contains("Npes:Operator:SigningKey is the sample operator key", server.Output, StringComparison.Ordinal);
        Assert.Contains("Npes:Demo:AllowSampleTrust=true", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DemonstrationDeclared_StartsAndServes()
    {
        await using var app = await NpesApp.StartAsync();

        using var response = await app.CreateClient().GetAsync("/health/ready");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
