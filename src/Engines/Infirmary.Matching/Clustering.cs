namespace Infirmary.Matching;

/// <summary>Groups records linked by matching pairs (connected components, union–find with path halving).</summary>
public static class Clustering
{
    public sealed record Clusters(int[] ClusterOf, int Count);

    /// <summary>
    /// Cluster numbers are dense, 0-based, and follow the order of each cluster's first record, so the same
    /// input gives the same numbering. Only pairs decided <see cref="MatchDecision.Match"/> join records.
    /// </summary>
    public static Clusters ConnectedComponents(int recordCount, IEnumerable<ScoredPair> pairs)
    {
        var parent = new int[recordCount];
        for (var i = 0; i < recordCount; i++)
        {
            parent[i] = i;
        }

        foreach (var p in pairs)
        {
            if (p.Decision != MatchDecision.Match)
            {
                continue;
            }

            var a = Find(parent, p.Left);
            var b = Find(parent, p.Right);
            if (a != b)
            {
                // The smaller index becomes the root, so roots are each cluster's first record.
                if (a < b)
                {
                    parent[b] = a;
                }
                else
                {
                    parent[a] = b;
                }
            }
        }

        var clusterOf = new int[recordCount];
        var numberOfRoot = new int[recordCount];
        Array.Fill(numberOfRoot, -1);
        var count = 0;
        for (var i = 0; i < recordCount; i++)
        {
            var root = Find(parent, i);
            if (numberOfRoot[root] < 0)
            {
                numberOfRoot[root] = count++;
            }

            clusterOf[i] = numberOfRoot[root];
        }

        return new Clusters(clusterOf, count);
    }

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }

        return x;
    }
}
