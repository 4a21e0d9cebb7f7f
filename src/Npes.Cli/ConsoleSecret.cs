using System.Security.Cryptography;

namespace Npes.Cli;

/// <summary>Reads a secret from the console: typed without echo on a terminal, or one line of redirected input.</summary>
internal static class ConsoleSecret
{
    /// <summary>Longest secret read; longer input is refused, not cut.</summary>
    public const int MaxLength = 256;

    /// <summary>The secret typed after <paramref name="prompt"/> (written to stderr); null when there is no input at all.</summary>
    public static char[]? Read(string prompt)
    {
        var buffer = new char[MaxLength + 1];
        var length = 0;
        try
        {
            Console.Error.Write(prompt);
            if (Console.IsInputRedirected)
            {
                int next;
                while ((next = Console.In.Read()) is not (-1 or '\n') && length <= MaxLength)
                {
                    buffer[length++] = (char)next;
                }

                Console.Error.WriteLine();
                if (next == -1 && length == 0)
                {
                    return null;
                }
            }
            else
            {
                length = ReadKeys(buffer);
                Console.Error.WriteLine();
            }

            if (length > 0 && buffer[length - 1] == '\r')
            {
                length--;
            }

            return length > MaxLength
                ? throw new CliException($"A secret has at most {MaxLength} characters.") { ExitCode = 2 }
                : buffer[..length];
        }
        catch (InvalidOperationException)
        {
            // No console to read keys from.
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(buffer.AsSpan()));
        }
    }

    /// <summary>Keys typed on the console up to Enter, without echo, into <paramref name="buffer"/> (Backspace erases; what does not fit is dropped); returns how many.</summary>
    public static int ReadKeys(char[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var length = 0;
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                length = Math.Max(0, length - 1);
            }
            else if (!char.IsControl(key.KeyChar) && length < buffer.Length)
            {
                buffer[length++] = key.KeyChar;
            }
        }

        return length;
    }
}
