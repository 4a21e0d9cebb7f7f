using BenchmarkDotNet.Running;

// Run one suite or all: dotnet run -c Release --project bench/Npes.Bench -- --filter '*Bign*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point of the BenchmarkDotNet suites.</summary>
public partial class Program;
