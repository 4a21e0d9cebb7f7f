using System.Security.Cryptography;
using System.Threading.Channels;

namespace Npes.Cli.Agent;

/// <summary>
/// The agent's terminal: where the holder of the key sees what a page asks to sign, and types the PIN or password that
/// lets it. Lines are read by one background reader (without echo on a real terminal) into a queue; a request takes
/// the next line typed after its prompt, within its time, and lines typed for an earlier request that timed out are
/// wiped and dropped, never used for the next one.
/// </summary>
internal sealed class AgentTerminal : IDisposable
{
    private readonly TextReader? _input;
    private readonly Channel<char[]> _lines = Channel.CreateBounded<char[]>(new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Lock _start = new();
    private Thread? _reader;

    /// <param name="input">Typed lines; null reads keys from the console without echo.</param>
    /// <param name="output">Where prompts and statements are shown.</param>
    public AgentTerminal(TextReader? input, TextWriter output)
    {
        _input = input;
        Output = output;
    }

    public TextWriter Output { get; }

    /// <summary>Shows <paramref name="prompt"/> on a line of its own and waits for the next line typed; null when none comes within <paramref name="timeout"/>.</summary>
    /// <param name="discardEarlier">Wipe and drop lines typed before this prompt (for signatures: a line meant for an earlier request that timed out).</param>
    public async Task<char[]?> ReadSecretAsync(string prompt, TimeSpan timeout, CancellationToken cancellationToken, bool discardEarlier = true)
    {
        StartReader();
        while (discardEarlier && _lines.Reader.TryRead(out var stale))
        {
            Wipe(stale);
        }

        await Output.WriteLineAsync(prompt);
        await Output.FlushAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await _lines.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _lines.Writer.TryComplete();
        while (_lines.Reader.TryRead(out var line))
        {
            Wipe(line);
        }
    }

    public static void Wipe(char[]? secret)
    {
        if (secret is not null)
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(secret.AsSpan()));
        }
    }

    private void StartReader()
    {
        lock (_start)
        {
            if (_reader is not null)
            {
                return;
            }

            _reader = new Thread(ReadLines) { IsBackground = true, Name = "npes agent terminal" };
            _reader.Start();
        }
    }

    private void ReadLines()
    {
        try
        {
            while (ReadLine() is { } line)
            {
                if (!_lines.Writer.TryWrite(line))
                {
                    Wipe(line);
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // No terminal to read from any more: every later request times out, which declines it.
        }

        _lines.Writer.TryComplete();
    }

    /// <summary>One line, at most <see cref="ConsoleSecret.MaxLength"/> characters (longer lines are cut to an unusable marker); null at the end of input.</summary>
    private char[]? ReadLine()
    {
        var buffer = new char[ConsoleSecret.MaxLength + 1];
        var length = 0;
        try
        {
            if (_input is not null)
            {
                int next;
                while ((next = _input.Read()) is not (-1 or '\n'))
                {
                    if (length < buffer.Length)
                    {
                        buffer[length++] = (char)next;
                    }
                }

                if (next == -1 && length == 0)
                {
                    return null;
                }
            }
            else
            {
                length = ConsoleSecret.ReadKeys(buffer);

            }

            if (length > 0 && buffer[length - 1] == '\r')
            {
                length--;
            }

            return buffer[..length];
        }
        finally
        {
            Wipe(buffer);
        }
    }
}
