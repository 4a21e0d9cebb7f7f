using Microsoft.Playwright;

namespace Npes.Web.Tests;

/// <summary>Debian's chromium driven by Playwright (its own browser download is never used), and screenshots for docs/.</summary>
public sealed class Browser : IAsyncDisposable
{
    public static readonly (int Width, int Height) Desktop = (1280, 800);
    public static readonly (int Width, int Height) Phone = (390, 844);

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public IBrowserContext Context { get; private set; } = null!;

    public IPage Page { get; private set; } = null!;

    public static async Task<Browser> OpenAsync(Uri baseAddress)
    {
        var browser = new Browser { _playwright = await Playwright.CreateAsync() };
        browser._browser = await browser._playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = ["--no-sandbox"] });
        browser.Context = await browser._browser.NewContextAsync(new()
        {
            BaseURL = baseAddress.ToString(),
            AcceptDownloads = true,
            Locale = "ru-RU",
            ViewportSize = new() { Width = Desktop.Width, Height = Desktop.Height },
        });
        browser.Page = await browser.Context.NewPageAsync();
        browser.Page.SetDefaultTimeout(20_000);
        return browser;
    }

    /// <summary>Saves docs/screenshots/NAME-desktop.png and NAME-phone.png of the current page.</summary>
    public async Task ScreenshotsAsync(string name)
    {
        foreach (var (suffix, size) in new[] { ("desktop", Desktop), ("phone", Phone) })
        {
            await Page.SetViewportSizeAsync(size.Width, size.Height);
            await Page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}-{suffix}.png"), FullPage = true });
        }

        await Page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        await _browser.CloseAsync();
        _playwright.Dispose();
    }

    private static string ScreenshotFolder
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NPES.sln")))
            {
                directory = directory.Parent;
            }

            var folder = Path.Combine(directory?.FullName ?? Path.GetTempPath(), "docs", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }
}
