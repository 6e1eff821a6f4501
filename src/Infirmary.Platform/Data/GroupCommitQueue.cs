using System.Threading.Channels;

namespace Infirmary.Platform.Data;

/// <summary>
/// The queue behind a group commit (result messages, ADR 0110; bookings, ADR 0135): requests add their work and wait;
/// a writer takes everything waiting — up to a batch size — and commits it in one transaction. Taking is done under one
/// lock, so one writer takes a whole batch, and <see cref="HoldAsync"/> lets a test or a diagnostic keep the writers off
/// the queue until a batch has gathered.
/// </summary>
public sealed class GroupCommitQueue<T> : IDisposable
{
    private readonly Channel<T> _queue = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = false });
    private readonly SemaphoreSlim _drain = new(1, 1);

    /// <summary>Items queued and not yet taken by a writer.</summary>
    public int Waiting => _queue.Reader.Count;

    /// <summary>Queues an item; false once the queue is completed (the caller then does the work itself).</summary>
    public bool TryAdd(T item) => _queue.Writer.TryWrite(item);

    /// <summary>No more items: writers finish what is queued and then get no batch.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Keeps the writers from taking items until the returned handle is disposed.</summary>
    public async Task<IAsyncDisposable> HoldAsync()
    {
        await _drain.WaitAsync();
        return new Hold(_drain);
    }

    /// <summary>
    /// The next batch: what the writer carried over from its last batch (moved out of <paramref name="carried"/>) and
    /// whatever is waiting, up to <paramref name="max"/> in all. Waits while nothing is carried or queued; null once the
    /// queue is completed and empty and nothing is carried.
    /// </summary>
    public async Task<List<T>?> TakeAsync(List<T> carried, int max)
    {
        if (carried.Count == 0 && !await _queue.Reader.WaitToReadAsync())
        {
            return null;
        }

        var batch = new List<T>(carried);
        carried.Clear();
        await _drain.WaitAsync();
        try
        {
            while (batch.Count < max && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
        }
        finally
        {
            _drain.Release();
        }

        return batch;
    }

    public void Dispose() => _drain.Dispose();

    private sealed class Hold(SemaphoreSlim drain) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                drain.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
