using System.Diagnostics;

namespace DeepLearning.Tests.Packaging;

/// <summary>
/// The NuGet package works on its own: the library is packed (from a copy of its sources) into a local folder, a
/// separate console app references it by version (restoring from that folder and the local package cache only),
/// builds, runs, trains a small model and prints the expected result.
/// </summary>
public class PackageTests
{
    [Fact]
    public void ThePackedLibraryWorksFromASeparateProject()
    {
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("deeplearning-pack-").FullName;
        try
        {
            var source = Path.Combine(work, "source");
            CopyDirectory(Path.Combine(root, "src", "DeepLearning"), Path.Combine(source, "src", "DeepLearning"));
            CopyDirectory(Path.Combine(root, "docs"), Path.Combine(source, "docs"));
            Directory.CreateDirectory(Path.Combine(source, "tools"));
            foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "LICENSE", "RELEASE-NOTES.md", "src/Directory.Build.props", "src/icon.png", "tools/pack.sh" })
                File.Copy(Path.Combine(root, file), Path.Combine(source, file), overwrite: true);
            var feed = Path.Combine(work, "feed");
            const string version = "0.1.0-packtest";
            Run("bash", $"tools/pack.sh \"{feed}\"", source, new Dictionary<string, string> { ["VERSION"] = version });
            Assert.True(File.Exists(Path.Combine(feed, $"DeepLearning.{version}.nupkg")));
            Assert.True(File.Exists(Path.Combine(feed, $"DeepLearning.{version}.snupkg")));
            CheckMetadata(Path.Combine(feed, $"DeepLearning.{version}.nupkg"), version, root);
            CheckSymbols(Path.Combine(feed, $"DeepLearning.{version}.snupkg"));

            var app = Path.Combine(work, "app");
            Directory.CreateDirectory(app);
            File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="DeepLearning" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "Program.cs"), """
                using DeepLearning;
                using DeepLearning.Layers;
                using DeepLearning.Losses;
                using DeepLearning.Models;
                using DeepLearning.Optimizers;

                Generator.Seed(1);
                var x = Tensor.FromArray(new float[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } });
                var y = Tensor.FromArray(new float[,] { { 0 }, { 1 }, { 1 }, { 0 } });
                var model = new Sequential(new Input(2), new Dense(8, Activation.Tanh), new Dense(1, Activation.Sigmoid));
                model.Compile(new Adam(0.05), new BinaryCrossentropy());
                model.Fit(x, y, epochs: 300, batchSize: 4, verbose: 0);
                var p = model.Predict(x).ToArray<float>();
                Console.WriteLine(p[0] < 0.2 && p[1] > 0.8 && p[2] > 0.8 && p[3] < 0.2 ? "xor-learned" : "xor-failed");
                """);
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="cache" value="{GlobalPackagesFolder(work)}" />
                  </packageSources>
                </configuration>
                """);
            var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "packages") };
            Run("dotnet", "build -c Release --nologo", app, env);
            var output = Run("dotnet", "run -c Release --no-build", app, env);
            Assert.Contains("xor-learned", output);
            Assert.True(Directory.Exists(Path.Combine(work, "packages", "deeplearning", version)), "the app restored the packed package");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The package's metadata: version, icon, readme (with no link that breaks outside the repository),
    /// the release notes of RELEASE-NOTES.md, the license, the guides and the XML documentation.</summary>
    private static void CheckMetadata(string nupkg, string version, string root)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(nupkg);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var file in new[] { "icon.png", "PACKAGE.md", "LICENSE", "docs/getting-started.md", "docs/diagnostics.md" })
            Assert.Contains(file, entries);
        foreach (var framework in TargetFrameworks)
        {
            Assert.Contains($"lib/{framework}/DeepLearning.dll", entries);
            Assert.Contains($"lib/{framework}/DeepLearning.xml", entries);
        }
        using var nuspecStream = zip.GetEntry("DeepLearning.nuspec")!.Open();
        var nuspec = System.Xml.Linq.XDocument.Load(nuspecStream).Root!;
        string Meta(string name) => nuspec.Descendants().First(e => e.Name.LocalName == name).Value;
        Assert.Equal(version, Meta("version"));
        Assert.Equal("icon.png", Meta("icon"));
        Assert.Equal("PACKAGE.md", Meta("readme"));
        Assert.Equal(File.ReadAllText(Path.Combine(root, "RELEASE-NOTES.md")).Trim().ReplaceLineEndings("\n"), Meta("releaseNotes").Trim().ReplaceLineEndings("\n"));
        // The repository element: git, and a URL only when it is a public https one (never a path of the machine
        // that packed it). The copy packed here is no git checkout, so it has no commit.
        var repository = nuspec.Descendants().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", repository.Attribute("type")?.Value);
        if (repository.Attribute("url")?.Value is { } url) Assert.StartsWith("https://", url);
        var dependencyFrameworks = nuspec.Descendants().Where(e => e.Name.LocalName == "group").Select(e => e.Attribute("targetFramework")?.Value).ToHashSet();
        Assert.Equal(new HashSet<string?> { "net8.0", "net10.0" }, dependencyFrameworks);
        using var readme = new StreamReader(zip.GetEntry("PACKAGE.md")!.Open());
        var links = System.Text.RegularExpressions.Regex.Matches(readme.ReadToEnd(), @"\]\(([^)]+)\)").Select(m => m.Groups[1].Value);
        Assert.All(links, link => Assert.StartsWith("https://", link));
        using var icon = zip.GetEntry("icon.png")!.Open();
        var signature = new byte[8];
        icon.ReadExactly(signature);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, signature);
    }

    /// <summary>The target frameworks every package ships (src/Directory.Build.props).</summary>
    private static readonly string[] TargetFrameworks = ["net8.0", "net10.0"];

    /// <summary>The symbol package holds the portable PDB of each target framework.</summary>
    private static void CheckSymbols(string snupkg)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(snupkg);
        foreach (var framework in TargetFrameworks)
        {
            var pdb = zip.GetEntry($"lib/{framework}/DeepLearning.pdb");
            Assert.NotNull(pdb);
            using var stream = new MemoryStream();
            using (var entry = pdb.Open()) entry.CopyTo(stream);
            var bytes = stream.ToArray();
            Assert.Equal("BSJB"u8.ToArray(), bytes[..4]);   // the portable PDB's metadata signature (ECMA-335 II.24.2.1)
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DeepLearning.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (DeepLearning.sln) was not found above the test assembly.");
    }

    /// <summary>The machine's NuGet global packages folder, used as an offline source for the package's dependencies.</summary>
    private static string GlobalPackagesFolder(string workingDirectory)
    {
        var output = Run("dotnet", "nuget locals global-packages --list", workingDirectory);
        var line = output.Split('\n').First(l => l.Contains("global-packages:"));
        return line[(line.IndexOf(':') + 1)..].Trim();
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, dir);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj")) continue;
            Directory.CreateDirectory(Path.Combine(to, relative));
        }
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj")) continue;
            File.Copy(file, Path.Combine(to, relative), overwrite: true);
        }
    }

    private static string Run(string command, string arguments, string directory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), $"`{command} {arguments}` timed out");
        string output = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode == 0, $"`{command} {arguments}` in {directory} failed ({process.ExitCode}):\n{output}");
        return output;
    }
}
