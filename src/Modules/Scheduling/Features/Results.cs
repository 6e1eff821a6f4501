using Infirmary.Platform.Security;

namespace Infirmary.Scheduling.Features;

public enum Outcome
{
    Done,
    Invalid,
    NotFound,

    /// <summary>The request was sound but the state refuses it (slot taken, appointment already cancelled): 409.</summary>
    Conflict,
    Forbidden,

    /// <summary>The caller's If-Match names an older version: 412.</summary>
    Stale,
}

/// <summary>What a scheduling handler answers: the value, or why not (errors by field, or one message).</summary>
public sealed record Result<T>(Outcome Outcome, T? Value, IDictionary<string, string[]> Errors, string? Title = null, string? Message = null)
{
    public bool Succeeded => Outcome == Outcome.Done;

    public Result<TOther> As<TOther>() => new(Outcome, default, Errors, Title, Message);
}

/// <summary>Makes <see cref="Result{T}"/> values.</summary>
public static class Result
{
    public static Result<T> Ok<T>(T value) => new(Outcome.Done, value, new Dictionary<string, string[]>());

    public static Result<T> Invalid<T>(IDictionary<string, string[]> errors, string title = "The request needs correcting") =>
        new(Outcome.Invalid, default, errors, title);

    public static Result<T> Invalid<T>(string field, string message, string title = "The request needs correcting") =>
        new(Outcome.Invalid, default, new Dictionary<string, string[]> { [field] = [message] }, title, message);

    public static Result<T> NotFound<T>(string title, string message) => new(Outcome.NotFound, default, new Dictionary<string, string[]>(), title, message);

    public static Result<T> Conflict<T>(string title, string message) => new(Outcome.Conflict, default, new Dictionary<string, string[]>(), title, message);

    public static Result<T> Stale<T>(string title, string message) => new(Outcome.Stale, default, new Dictionary<string, string[]>(), title, message);

    public static Result<T> Forbidden<T>(string title, string message) => new(Outcome.Forbidden, default, new Dictionary<string, string[]>(), title, message);
}

/// <summary>How a member of staff is named on records they make: "Rachel Evans (reception)".</summary>
public static class Who
{
    public static string Name(Actor actor)
    {
        var display = actor.Principal.FindFirst("display_name")?.Value;
        return string.IsNullOrWhiteSpace(display) || display == actor.Name ? actor.Name : $"{display} ({actor.Name})";
    }
}
