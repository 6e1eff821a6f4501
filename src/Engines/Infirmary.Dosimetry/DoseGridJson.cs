using System.Text.Json;

namespace Infirmary.Dosimetry;

/// <summary>
/// The dose-grid JSON format of issue 7: <c>{"axes": [[x...], [y...], [z...]], "dose": nested arrays}</c>, axes in mm,
/// doses nested in the order of the axes. Read with a streaming reader because a 128³ grid is some 20 MB of text.
/// </summary>
public static class DoseGridJson
{
    /// <summary>Reads a grid from UTF-8 JSON; every structural or numeric problem is an <see cref="ArgumentException"/> naming the grid.</summary>
    public static DoseGrid Read(ReadOnlySpan<byte> utf8, string name)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            return ReadGrid(ref reader, name);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"{name}: not valid JSON ({ex.Message}).", nameof(utf8), ex);
        }
    }

    /// <summary>Reads a grid from a file.</summary>
    public static DoseGrid ReadFile(string path, string name)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{name}: cannot read '{path}' ({ex.Message}).", nameof(path), ex);
        }

        return Read(bytes, name);
    }

    private static DoseGrid ReadGrid(ref Utf8JsonReader reader, string name)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ArgumentException($"{name}: expected a JSON object with \"axes\" and \"dose\".", nameof(name));
        }

        List<double[]>? axes = null;
        List<float>? dose = null;
        List<int>? lengths = null;
        var depth = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "axes":
                    axes = ReadAxes(ref reader, name);
                    break;
                case "dose":
                    dose = [];
                    lengths = [];
                    depth = ReadNested(ref reader, name, dose, lengths, 0);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (axes is null)
        {
            throw new ArgumentException($"{name}: \"axes\" is missing.", nameof(name));
        }

        if (dose is null || lengths is null)
        {
            throw new ArgumentException($"{name}: \"dose\" is missing.", nameof(name));
        }

        if (depth != axes.Count)
        {
            throw new ArgumentException($"{name}: \"dose\" is nested {depth} deep but there are {axes.Count} axes.", nameof(name));
        }

        for (var a = 0; a < axes.Count; a++)
        {
            if (lengths[a] != axes[a].Length)
            {
                throw new ArgumentException($"{name}: dimension {a} of \"dose\" has {lengths[a]} entries but axis {a} has {axes[a].Length} positions.", nameof(name));
            }
        }

        return new DoseGrid(axes, [.. dose], name);
    }

    private static List<double[]> ReadAxes(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new ArgumentException($"{name}: \"axes\" must be an array of arrays of numbers.", nameof(name));
        }

        var axes = new List<double[]>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new ArgumentException($"{name}: axis {axes.Count} must be an array of numbers.", nameof(name));
            }

            var axis = new List<double>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.Number)
                {
                    throw new ArgumentException($"{name}: axis {axes.Count} contains {Describe(reader.TokenType)} where a number is expected.", nameof(name));
                }

                axis.Add(reader.GetDouble());
            }

            axes.Add([.. axis]);
        }

        return axes;
    }

    // Returns the nesting depth; every array at the same depth must have the same length (a rectangular grid).
    private static int ReadNested(ref Utf8JsonReader reader, string name, List<float> dose, List<int> lengths, int level)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new ArgumentException($"{name}: \"dose\" contains {Describe(reader.TokenType)} where an array is expected.", nameof(name));
        }

        var count = 0;
        var childDepth = -1;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            int depth;
            if (reader.TokenType == JsonTokenType.Number)
            {
                dose.Add(reader.GetSingle());
                depth = 1;
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                depth = 1 + ReadNested(ref reader, name, dose, lengths, level + 1);
            }
            else
            {
                throw new ArgumentException($"{name}: \"dose\" contains {Describe(reader.TokenType)} where a number is expected.", nameof(name));
            }

            if (childDepth >= 0 && depth != childDepth)
            {
                throw new ArgumentException($"{name}: \"dose\" is ragged (mixed nesting at level {level}).", nameof(name));
            }

            childDepth = depth;
            count++;
        }

        while (lengths.Count <= level)
        {
            lengths.Add(-1);
        }

        if (lengths[level] < 0)
        {
            lengths[level] = count;
        }
        else if (lengths[level] != count)
        {
            throw new ArgumentException($"{name}: \"dose\" is ragged at level {level} ({lengths[level]} and {count} entries).", nameof(name));
        }

        return childDepth < 0 ? 1 : childDepth;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.Null => "null",
        JsonTokenType.String => "a string",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartObject => "an object",
        _ => token.ToString(),
    };

    /// <summary>Writes a grid (e.g. for benchmarks and tests) in the same format.</summary>
    public static void Write(Stream stream, DoseGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteStartArray("axes");
        foreach (var axis in grid.Axes)
        {
            writer.WriteStartArray();
            foreach (var x in axis)
            {
                writer.WriteNumberValue(x);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WritePropertyName("dose");
        WriteNested(writer, grid.Dose, grid.Shape, writeNullForNaN: false);
        writer.WriteEndObject();
    }

    /// <summary>Writes a gamma result: <c>{"passRate": ..., "evaluatedPoints": ..., "passedPoints": ..., "gamma": nested, null where excluded}</c>.</summary>
    public static void WriteGamma(Stream stream, GammaResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteNumber("passRate", Math.Round(result.PassRatePercent, 4));
        writer.WriteNumber("evaluatedPoints", result.EvaluatedPoints);
        writer.WriteNumber("passedPoints", result.PassedPoints);
        writer.WritePropertyName("gamma");
        WriteNested(writer, result.Gamma, result.Shape, writeNullForNaN: true);
        writer.WriteEndObject();
    }

    private static void WriteNested(Utf8JsonWriter writer, float[] values, int[] shape, bool writeNullForNaN)
    {
        var index = 0;
        Write(0);

        void Write(int level)
        {
            writer.WriteStartArray();
            for (var i = 0; i < shape[level]; i++)
            {
                if (level == shape.Length - 1)
                {
                    var v = values[index++];
                    if (float.IsNaN(v) && writeNullForNaN)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        // Four decimals are well below any clinical criterion and keep a 128³ map to a sensible size.
                        writer.WriteNumberValue(MathF.Round(v, 4));
                    }
                }
                else
                {
                    Write(level + 1);
                }
            }

            writer.WriteEndArray();
            if (writer.BytesPending > 1 << 16)
            {
                writer.Flush();
            }
        }
    }

}
