using Npes.Cli;

return await NpesCli.RunAsync(args, new CliEnvironment(Console.Out, Console.Error));
