using System.ComponentModel.DataAnnotations;

namespace Infirmary.Laboratory.Interface;

/// <summary>Settings under <c>Infirmary:Hl7</c> for the analyser interface.</summary>
public sealed class Hl7InterfaceOptions
{
    public const string Section = "Infirmary:Hl7";

    /// <summary>TCP port of the MLLP listener; 0 switches the listener off.</summary>
    [Range(0, 65535)]
    public int MllpPort { get; set; } = 2575;

    /// <summary>Address the listener binds to (loopback by default; 0.0.0.0 for every interface).</summary>
    [Required]
    public string MllpBindAddress { get; set; } = "127.0.0.1";

    /// <summary>A connection that sends nothing for this long is closed.</summary>
    [Range(1, 3600)]
    public int ReadTimeoutSeconds { get; set; } = 60;

    /// <summary>Connections served at once; more are closed on arrival.</summary>
    [Range(1, 10_000)]
    public int MaxConnections { get; set; } = 200;

    /// <summary>Largest MLLP frame (and HTTP body) accepted, in bytes: the engine's message limit by default.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Most result messages stored and committed in one transaction by the group commit (ADR 0110). Each is
    /// acknowledged only after that transaction commits; 1 stores every message in a transaction of its own.
    /// </summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 64;

    /// <summary>Writers storing batches of result messages at once (each its own transaction and database connection).</summary>
    [Range(1, 16)]
    public int BatchWriters { get; set; } = 1;

    /// <summary>
    /// Sending applications (MSH-3, exactly as sent) whose ADT messages may update the patient index over MLLP — the
    /// patient administration system(s). MLLP has no sign-in, so ADT from any other sender is refused (ADR 0085).
    /// Over HTTP the caller's token decides instead (patients.write; patients.merge for A40).
    /// </summary>
    public List<string> AdtSenders { get; set; } = [];
}
