using System.Net;

namespace Npes.Server.Tests;

/// <summary>The jobs dashboard: operators see it (read-only unless they administer jobs); nobody else does.</summary>
public sealed class JobsDashboardTests
{
    [Fact]
    public async Task Dashboard_Operator_200()
    {
        await using var app = await NpesApp.StartAsync();
        using var operatorClient = await app.LoggedInClientAsync("operator-1.p12");

        using var response = await operatorClient.GetAsync("/jobs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("NPES jobs", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_Anonymous_401()
    {
        await using var app = await NpesApp.StartAsync();

        using var response = await app.CreateClient().GetAsync("/jobs");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "npes.auth.required");
    }

    [Theory]
    [InlineData("citizen-1.p12")]
    [InlineData("org-1.p12")]
    public async Task Dashboard_NotAnOperator_403(string p12)
    {
        await using var app = await NpesApp.StartAsync();
        using var client = await app.LoggedInClientAsync(p12);

        using var page = await client.GetAsync("/jobs");
        using var recurring = await client.GetAsync("/jobs/recurring");

        await Problem.AssertAsync(page, HttpStatusCode.Forbidden, "npes.auth.forbidden");
        await Problem.AssertAsync(recurring, HttpStatusCode.Forbidden, "npes.auth.forbidden");
    }

    [Fact]
    public async Task Dashboard_OperatorWithoutAdminRole_ReadOnly_AdminMayAct()
    {
        await using var plain = await NpesApp.StartAsync();
        await using var admin = await NpesApp.StartAsync(s => s["Npes:Auth:Admins:0"] = "3010185C003PB7");
        using var operatorClient = await plain.LoggedInClientAsync("operator-1.p12");
        using var adminClient = await admin.LoggedInClientAsync("operator-1.p12");

        var readOnly = await operatorClient.GetStringAsync("/jobs/recurring");
        var writable = await adminClient.GetStringAsync("/jobs/recurring");

        // Every feature's duty is on the schedule, and only the administrator is offered the buttons that act on it.
        foreach (var duty in new[] { "print-sweep", "letters-expiry", "webhooks-dispatch", "auth-housekeeping" })
        {
            Assert.Contains(duty, readOnly, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("js-jobs-list-command", readOnly, StringComparison.Ordinal);
        Assert.Contains("js-jobs-list-command", writable, StringComparison.Ordinal);
    }
}
