using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Npes.Storage;
using Npes.Storage.Migrations;
using Npgsql;

namespace Npes.Cli.Commands;

/// <summary><c>npes migrate [--connection CS] [--status]</c>: applies the schema migrations this build carries.</summary>
internal static class MigrateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var connection = new Option<string?>("--connection")
        {
            Description = "PostgreSQL connection string (default: ConnectionStrings__Npes from the environment)",
        };
        var status = new Option<bool>("--status") { Description = "Only show which migrations are applied and pending" };
        var command = new Command("migrate", "Apply pending database migrations") { connection, status };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var connectionString = parseResult.GetValue(connection)
                ?? environment.Variable("ConnectionStrings__" + NpesDatabase.ConnectionStringName)
                ?? throw new CliException("No database given: pass --connection \"Host=…;Database=…\" or set ConnectionStrings__Npes.") { ExitCode = 2 };
            NpgsqlDataSource dataSource;
            try
            {
                dataSource = NpgsqlDataSource.Create(connectionString);
            }
            catch (ArgumentException e)
            {
                throw new CliException("The connection string is not valid: " + e.Message, e) { ExitCode = 2 };
            }

            await using (dataSource)
            {
                var migrator = new Migrator(dataSource, NullLogger<Migrator>.Instance);
                try
                {
                    if (parseResult.GetValue(status))
                    {
                        var state = await migrator.GetStateAsync(cancellationToken);
                        await environment.Output.WriteLineAsync($"applied: {(state.Applied.Count == 0 ? "none" : string.Join(", ", state.Applied))}");
                        await environment.Output.WriteLineAsync($"pending: {(state.Pending.Count == 0 ? "none" : string.Join(", ", state.Pending.Select(m => $"{m.Version} {m.Name}")))}");
                        foreach (var problem in state.Problems)
                        {
                            await environment.Output.WriteLineAsync("problem: " + problem);
                        }

                        return state.IsCurrent ? 0 : 1;
                    }

                    var applied = await migrator.ApplyAsync(cancellationToken);
                    foreach (var migration in applied)
                    {
                        await environment.Output.WriteLineAsync($"applied {migration.Version} {migration.Name}");
                    }

                    await environment.Output.WriteLineAsync(applied.Count == 0 ? "database is current; nothing to apply" : $"database is current; applied {applied.Count}");
                    return 0;
                }
                catch (NpgsqlException e)
                {
                    throw new CliException("Cannot use the database: " + e.Message, e);
                }
                catch (InvalidOperationException e)
                {
                    throw new CliException(e.Message, e);
                }
            }
        });
        return command;
    }
}
