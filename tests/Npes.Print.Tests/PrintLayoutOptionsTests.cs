using Microsoft.Extensions.Configuration;
using Npes.Print.Rendering;

namespace Npes.Print.Tests;

public sealed class PrintLayoutOptionsTests
{
    [Fact]
    public void Defaults_AreValidAndDin5008FormB()
    {
        var options = new PrintLayoutOptions();

        Assert.Empty(options.Validate());
        Assert.Equal((20, 45, 90, 45), (options.WindowLeftMm, options.WindowTopMm, options.WindowWidthMm, options.WindowHeightMm));
        Assert.Equal(["РУП «Белпочта»", "пр-т Независимости, 10", "220050, г. Минск"], options.ReturnAddressLines);
        Assert.StartsWith("https://npes.by/", options.VerificationBaseUrl, StringComparison.Ordinal);
        Assert.EndsWith("/", options.VerificationBaseUrl, StringComparison.Ordinal);
        Assert.Equal(5, options.C5MaxSheets);
    }

    [Theory]
    [InlineData(150, 45, 90, 45)] // off the right edge
    [InlineData(-5, 45, 90, 45)] // off the left edge
    [InlineData(20, 5, 90, 45)] // no room for the return address
    [InlineData(20, 200, 90, 45)] // below the fold
    [InlineData(20, 45, 10, 45)] // too narrow
    [InlineData(20, 45, 90, double.NaN)]
    [InlineData(60, 45, 90, 45)] // no side left for the code column
    public void Validate_WindowNonsense_ReportsIt(double left, double top, double width, double height)
    {
        var options = new PrintLayoutOptions { WindowLeftMm = left, WindowTopMm = top, WindowWidthMm = width, WindowHeightMm = height };

        Assert.NotEmpty(options.Validate());
    }

    [Theory]
    [InlineData("npes.by/verify/")]
    [InlineData("ftp://npes.by/")]
    [InlineData("https://npes.by/verify#x")]
    public void Validate_BadVerificationUrl_ReportsIt(string url)
    {
        Assert.Contains(new PrintLayoutOptions { VerificationBaseUrl = url }.Validate(), e => e.Contains("VerificationBaseUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ZeroC5Sheets_ReportsIt()
    {
        Assert.Contains(new PrintLayoutOptions { C5MaxSheets = 0 }.Validate(), e => e.Contains("C5MaxSheets", StringComparison.Ordinal));
    }

    [Fact]
    public void Bind_FromConfigurationSection_ReplacesTheReturnAddress()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Npes:Print:Layout:WindowTopMm"] = "50",
            ["Npes:Print:Layout:ReturnAddress:0"] = "ООО «Типография»",
            ["Npes:Print:Layout:ReturnAddress:1"] = "220000, г. Минск",
            ["Npes:Print:Layout:C5MaxSheets"] = "4",
        }).Build();

        var options = configuration.GetSection(PrintLayoutOptions.Section).Get<PrintLayoutOptions>()!;

        Assert.Equal(50, options.WindowTopMm);
        Assert.Equal(["ООО «Типография»", "220000, г. Минск"], options.ReturnAddressLines);
        Assert.Equal("C4", options.EnvelopeFor(5));
        Assert.Empty(options.Validate());
    }
}
