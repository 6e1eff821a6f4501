using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace Infirmary.BrowserTests;

/// <summary>
/// Starts the real Infirmary web server (its own build output, demo data, a fresh SQLite file) on a free loopback
/// port, and Debian's Chromium through Playwright. A missing browser is a failure, never a skip.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private Process? _server;
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"infirmary-browser-{Guid.NewGuid():N}");
    private readonly List<string> _serverOutput = [];

    public string BaseUrl { get; private set; } = string.Empty;

    public IPlaywright Playwright { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public string ServerLog
    {
        get
        {
            lock (_serverOutput)
            {
                return string.Join('\n', _serverOutput.TakeLast(60));
            }
        }
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_work);
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var webDll = LocateWebDll();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     webDll, "--demo", "--urls", BaseUrl,
                     $"--Infirmary:Database:ConnectionString=Data Source={Path.Combine(_work, "browser.db")}",
                     $"--Infirmary:KeyFolder={Path.Combine(_work, "keys")}",
                     "--Infirmary:LoginAttemptsPerMinute=1000",
                     "--Infirmary:DemoPatients=60",
                 })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        _server = Process.Start(start) ?? throw new InvalidOperationException("Could not start the web server.");
        _server.OutputDataReceived += (_, e) => Keep(e.Data);
        _server.ErrorDataReceived += (_, e) => Keep(e.Data);
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        await WaitForServerAsync();

        var chromium = Environment.GetEnvironmentVariable("INFIRMARY_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium not found at {chromium}: run the tests with ./test.sh, which installs it.");
        }

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // The machine's network is closed: keep Chromium from reaching out at start.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_serverOutput)
        {
            _serverOutput.Add(line);
        }
    }

    private async Task WaitForServerAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (_server!.HasExited)
            {
                throw new InvalidOperationException($"The web server exited with code {_server.ExitCode}:\n{ServerLog}");
            }

            try
            {
                var response = await http.GetAsync($"{BaseUrl}/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"The web server did not become ready in 120 s:\n{ServerLog}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string LocateWebDll() => LocateBuiltDll("Infirmary.Web", "Infirmary.Web.dll");

    /// <summary>The command line's built assembly, so a journey can compare the browser's figures with the CLI's.</summary>
    public static string LocateCliDll() => LocateBuiltDll("Infirmary.Cli", "infirmary.dll");

    private static string LocateBuiltDll(string project, string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Infirmary.slnx")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("Could not find the repository root (Infirmary.slnx).");
        }

        // Same configuration and framework as this test assembly (…/bin/<Configuration>/<tfm>/).
        var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfmDir.Parent!.Name;
        var dll = Path.Combine(dir.FullName, "src", project, "bin", configuration, tfmDir.Name, file);
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the solution first: {dll} is missing.");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        Playwright?.Dispose();
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }

        _server?.Dispose();
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
