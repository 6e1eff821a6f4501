namespace Infirmary.Hl7v2.Tests;

/// <summary>Locates the files copied next to the test assembly.</summary>
internal static class TestFiles
{
    public static string Root => AppContext.BaseDirectory;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static byte[] Bytes(params string[] parts) => File.ReadAllBytes(Path(parts));

    public static string Sample(string name) => File.ReadAllText(Path("TestData", "Samples", name));

    /// <summary>A message from lines, ended with CR as on the wire.</summary>
    public static string Message(params string[] segments) => string.Join('\r', segments) + "\r";
}
