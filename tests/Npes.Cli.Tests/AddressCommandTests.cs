using System.Text.Json;

namespace Npes.Cli.Tests;

public sealed class AddressCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("npes-address-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Parse_BelarusianCompactAddress_PrintsComponentsAsJson()
    {
        using var cli = new Cli();

        var (exit, output, error) = await cli.RunAsync("address", "parse", "220030, Мінск, вул. Янкі Купалы, 5 к2 кв7");

        Assert.True(exit == 0, error);
        Assert.Contains("\"street\": \"Янкі Купалы\"", output, StringComparison.Ordinal);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("220030", json.GetProperty("postcode").GetString());
        Assert.Equal("Мінск", json.GetProperty("settlement").GetString());
        Assert.Equal("street", json.GetProperty("streetType").GetString());
        Assert.Equal(("5", "2", "7"), (json.GetProperty("house").GetString(), json.GetProperty("building").GetString(), json.GetProperty("unit").GetString()));
        Assert.Equal(0, json.GetProperty("unrecognised").GetArrayLength());
    }

    [Fact]
    public async Task Parse_NotAnAddress_MessageAndNonZeroExit()
    {
        using var cli = new Cli();

        var (exit, output, error) = await cli.RunAsync("address", "parse", "hello world");

        Assert.NotEqual(0, exit);
        Assert.Empty(output);
        Assert.Contains("cannot parse the address", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_DirectoryAndQueries_OneLinePerQueryInOrderWithIdsAsGiven()
    {
        using var cli = new Cli();
        var directory = Write("directory.jsonl",
            """{"mailbox":"mb-1","kind":"person","name":"Иванов Иван Иванович","address":"220030, г. Минск, пр-т Независимости, д. 4, кв. 12"}""",
            """{"mailbox":2,"kind":"organisation","name":"ООО «Ромашка»","address":"г. Минск, ул. Сурганова, 57Б, оф. 12","unp":"190000001"}""",
            """{"mailbox":3,"kind":"person","name":"Иванов Игорь Иванович","address":"г. Минск, пр-т Независимости, д. 4, кв. 12"}""");
        var queries = Write("queries.jsonl",
            """{"id":7,"name":"Іваноў Іван","address":"Мінск, пр-т Незалежнасці 4-12","note":"ignored"}""",
            """{"id":"b","name":"Ромашка","address":"Минск, Сурганова 57б, офис 12"}""",
            """{"id":"c","name":"Иванов И.И.","address":"Минск, пр-т Независимости 4-12"}""",
            """{"id":"d","name":"Иванов Иван Иванович","address":"г. Брест, пр-т Независимости, 4, кв. 12"}""");

        var (exit, output, error) = await cli.RunAsync("address", "resolve", "--directory", directory, "--queries", queries);

        Assert.True(exit == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal(7, lines[0].GetProperty("id").GetInt32());
        Assert.Equal("mb-1", lines[0].GetProperty("mailbox").GetString());
        Assert.Equal(2, lines[1].GetProperty("mailbox").GetInt32());
        Assert.Equal(JsonValueKind.Null, lines[2].GetProperty("mailbox").ValueKind);
        Assert.StartsWith("SeveralCandidates", lines[2].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, lines[3].GetProperty("mailbox").ValueKind);
        Assert.StartsWith("NoMailbox", lines[3].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_MalformedQueryLine_StopsBeforeOutputNamingTheLine()
    {
        using var cli = new Cli();
        var directory = Write("directory.jsonl", """{"mailbox":1,"kind":"person","name":"Иванов Иван","address":"г. Минск, ул. Ленина, 5"}""");
        var queries = Write("queries.jsonl", """{"id":1,"name":"Иванов Иван","address":"г. Минск, ул. Ленина, 5"}""", "", """{"id":2,"name":"x"}""");

        var (exit, output, error) = await cli.RunAsync("address", "resolve", "--directory", directory, "--queries", queries);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("line 3", error, StringComparison.Ordinal);
        Assert.Contains("\"address\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_BadKindInDirectory_StopsNamingTheLine()
    {
        using var cli = new Cli();
        var directory = Write("directory.jsonl", """{"mailbox":1,"kind":"robot","name":"R2","address":"г. Минск, ул. Ленина, 5"}""");
        var queries = Write("queries.jsonl", """{"id":1,"name":"R2","address":"г. Минск, ул. Ленина, 5"}""");

        var (exit, _, error) = await cli.RunAsync("address", "resolve", "--directory", directory, "--queries", queries);

        Assert.Equal(2, exit);
        Assert.Contains("directory file directory.jsonl, line 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_DirectoryAddressWithoutHouse_WarnsAndContinues()
    {
        using var cli = new Cli();
        var directory = Write("directory.jsonl", """{"mailbox":1,"kind":"person","name":"Иванов Иван","address":"г. Минск, ул. Ленина"}""");
        var queries = Write("queries.jsonl", """{"id":1,"name":"Иванов Иван","address":"г. Минск, ул. Ленина, 5"}""");

        var (exit, output, error) = await cli.RunAsync("address", "resolve", "--directory", directory, "--queries", queries);

        Assert.Equal(0, exit);
        Assert.Contains("directory line 1", error, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(output).RootElement.GetProperty("mailbox").ValueKind);
    }

    [Fact]
    public async Task Resolve_MissingFile_ClearMessage()
    {
        using var cli = new Cli();

        var (exit, _, error) = await cli.RunAsync("address", "resolve", "--directory", Path.Combine(_folder, "none.jsonl"), "--queries", Path.Combine(_folder, "none.jsonl"));

        Assert.Equal(2, exit);
        Assert.Contains("cannot read the directory file", error, StringComparison.Ordinal);
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }
}
