using System.Text.Json;
using Npes.Server.Tests;
using Npes.Testing;
using Npgsql;

namespace Npes.Cli.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task LoginRegisterShow_CitizenKey_MailboxPrinted()
    {
        await using var app = await NpesApp.StartAsync();
        using var cli = new Cli(app.Server.CreateHandler());

        var login = await cli.RunAsync("login", "--p12", TestPki.File("citizen-1.p12"), "--password", "npes-demo");
        var register = await cli.RunAsync("mailbox", "register", "--address", "220030, г. Минск, ул. Интернациональная, 10", "--address", "Минск, пр-т Независимости, 4");
        var show = await cli.RunAsync("mailbox", "show");
        var json = await cli.RunAsync("mailbox", "show", "--json");

        Assert.True(login.Exit == 0, login.Error);
        Assert.Contains("logged in as Иванов Иван Иванович (citizen)", login.Output, StringComparison.Ordinal);
        Assert.True(register.Exit == 0, register.Error);
        Assert.Equal(0, show.Exit);
        Assert.Contains("owner: Иванов Иван Иванович (person, personal number 3140582A001PB1)", show.Output, StringComparison.Ordinal);
        Assert.Contains("  - Минск, пр-т Независимости, 4 [unconfirmed", show.Output, StringComparison.Ordinal);
        var mailbox = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal(2, mailbox.GetProperty("addresses").GetArrayLength());
    }

    [Fact]
    public async Task Profiles_TwoIdentities_KeptSideBySide()
    {
        await using var app = await NpesApp.StartAsync();
        using var cli = new Cli(app.Server.CreateHandler());

        await cli.RunAsync("login", "--p12", TestPki.File("citizen-2.p12"), "--password", "npes-demo", "--profile", "anna");
        await cli.RunAsync("login", "--p12", TestPki.File("org-1.p12"), "--password", "npes-demo", "--profile", "bank");
        var annaRegisters = await cli.RunAsync("mailbox", "register", "--profile", "anna", "--address", "Брест, ул. Гоголя, 1");
        var bankShows = await cli.RunAsync("mailbox", "show", "--profile", "bank");

        Assert.Equal(0, annaRegisters.Exit);
        Assert.NotEqual(0, bankShows.Exit);
        Assert.Contains("npes.mailbox.not_found", bankShows.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(cli.Home, "profiles", "anna.json")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(cli.Home, "profiles", "bank.json")));
    }

    [Fact]
    public async Task Login_WrongPassword_ClearMessageAndFailure()
    {
        using var cli = new Cli();

        var result = await cli.RunAsync("login", "--p12", TestPki.File("citizen-1.p12"), "--password", "wrong");

        Assert.Equal(1, result.Exit);
        Assert.Contains("wrong password or not a PKCS#12 file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_MissingFile_UsageFailure()
    {
        using var cli = new Cli();

        var result = await cli.RunAsync("login", "--p12", "/nonexistent/key.p12", "--password", "x");

        Assert.Equal(2, result.Exit);
        Assert.Contains("No such file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_UntrustedKey_ServerCodeShown()
    {
        await using var app = await NpesApp.StartAsync();
        using var cli = new Cli(app.Server.CreateHandler());

        var result = await cli.RunAsync("login", "--p12", TestPki.ForeignFile("citizen-1.p12"), "--password", "npes-demo");

        Assert.Equal(1, result.Exit);
        Assert.Contains("npes.eds.certificate_untrusted", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(cli.Home, "profiles", "default.json")));
    }

    [Fact]
    public async Task Login_ServerUnreachable_SaysSo()
    {
        using var cli = new Cli();

        var result = await cli.RunAsync("login", "--p12", TestPki.File("citizen-1.p12"), "--password", "npes-demo", "--server", "http://127.0.0.1:9");

        Assert.Equal(1, result.Exit);
        Assert.Contains("Cannot reach the NPES server", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MailboxShow_NoLogin_TellsToLogIn()
    {
        using var cli = new Cli();

        var result = await cli.RunAsync("mailbox", "show", "--profile", "nobody");

        Assert.Equal(1, result.Exit);
        Assert.Contains("run `npes login", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_BadName_Refused()
    {
        using var cli = new Cli();

        var result = await cli.RunAsync("mailbox", "show", "--profile", "../../etc");

        Assert.Equal(2, result.Exit);
        Assert.Contains("is not allowed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_NonZeroExit()
    {
        using var cli = new Cli();

        var result = await cli.RunAsync("frobnicate");

        Assert.NotEqual(0, result.Exit);
    }

    [Fact]
    public async Task Migrate_EmptyDatabase_AppliesThenReportsCurrent()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync();
        using var cli = new Cli(variables: new() { ["ConnectionStrings__Npes"] = connectionString });

        var first = await cli.RunAsync("migrate");
        var second = await cli.RunAsync("migrate");
        var status = await cli.RunAsync("migrate", "--status");

        Assert.True(first.Exit == 0, first.Error);
        Assert.Contains("applied 1 initial", first.Output, StringComparison.Ordinal);
        Assert.Contains("nothing to apply", second.Output, StringComparison.Ordinal);
        Assert.Equal(0, status.Exit);
        Assert.Contains("pending: none", status.Output, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from schema_migrations", connection);
        Assert.True((long)(await command.ExecuteScalarAsync())! >= 1);
    }

    [Fact]
    public async Task Migrate_NoDatabaseConfigured_UsageFailure()
    {
        using var cli = new Cli();

        var result = await cli.RunAsync("migrate");

        Assert.Equal(2, result.Exit);
        Assert.Contains("ConnectionStrings__Npes", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PkiSample_RunTwice_SecondWritesNothing()
    {
        using var cli = new Cli();
        var directory = Path.Combine(cli.Home, "pki");

        var first = await cli.RunAsync("pki", "sample", "--out", directory);
        var snapshot = Directory.GetFiles(directory).ToDictionary(f => f, File.ReadAllBytes);
        var second = await cli.RunAsync("pki", "sample", "--out", directory);

        Assert.Equal(0, first.Exit);
        Assert.Contains("wrote ", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.Exit);
        Assert.Contains("nothing written", second.Output, StringComparison.Ordinal);
        Assert.All(snapshot, pair => Assert.Equal(pair.Value, File.ReadAllBytes(pair.Key)));
    }
}
