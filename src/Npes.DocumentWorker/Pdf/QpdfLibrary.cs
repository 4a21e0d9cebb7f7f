using System.Runtime.InteropServices;

namespace Npes.DocumentWorker.Pdf;

/// <summary>
/// Debian's libqpdf (package libqpdf29, which the qpdf package brings), through its C API, in the worker's own process:
/// a qpdf process per document would cost more to start than the work itself. The worker is the sandbox: a crash in
/// the library ends the worker, and its limits bound qpdf's memory and time.
/// </summary>
internal static unsafe partial class QpdfLibrary
{
    private const string Library = "libqpdf.so.29";

    public const int Warnings = 1;
    public const int Errors = 2;
    public const int ObjectStreamsDisable = 0;
    public const int DecodeNone = 0;

    [LibraryImport(Library)]
    public static partial byte* qpdf_get_qpdf_version();

    [LibraryImport(Library)]
    public static partial nint qpdf_init();

    [LibraryImport(Library)]
    public static partial void qpdf_cleanup(ref nint qpdf);

    [LibraryImport(Library)]
    public static partial void qpdf_silence_errors(nint qpdf);

    [LibraryImport(Library)]
    public static partial int qpdf_has_error(nint qpdf);

    [LibraryImport(Library)]
    public static partial nint qpdf_get_error(nint qpdf);

    [LibraryImport(Library)]
    public static partial int qpdf_more_warnings(nint qpdf);

    [LibraryImport(Library)]
    public static partial nint qpdf_next_warning(nint qpdf);

    [LibraryImport(Library)]
    public static partial byte* qpdf_get_error_full_text(nint qpdf, nint error);

    [LibraryImport(Library)]
    public static partial int qpdf_read_memory(nint qpdf, byte* description, byte* buffer, ulong size, byte* password);

    [LibraryImport(Library)]
    public static partial int qpdf_is_encrypted(nint qpdf);

    [LibraryImport(Library)]
    public static partial int qpdf_get_num_pages(nint qpdf);

    [LibraryImport(Library)]
    public static partial int qpdf_init_write_memory(nint qpdf);

    [LibraryImport(Library)]
    public static partial void qpdf_set_object_stream_mode(nint qpdf, int mode);

    [LibraryImport(Library)]
    public static partial void qpdf_set_decode_level(nint qpdf, int level);

    [LibraryImport(Library)]
    public static partial int qpdf_write(nint qpdf);

    [LibraryImport(Library)]
    public static partial byte* qpdf_get_buffer(nint qpdf);

    [LibraryImport(Library)]
    public static partial nuint qpdf_get_buffer_length(nint qpdf);

    [LibraryImport(Library)]
    public static partial uint qpdf_get_trailer(nint qpdf);

    [LibraryImport(Library)]
    public static partial void qpdf_oh_release(nint qpdf, uint oh);

    [LibraryImport(Library)]
    public static partial int qpdf_oh_is_indirect(nint qpdf, uint oh);

    [LibraryImport(Library)]
    public static partial int qpdf_oh_get_object_id(nint qpdf, uint oh);

    [LibraryImport(Library)]
    public static partial int qpdf_oh_get_generation(nint qpdf, uint oh);

    [LibraryImport(Library)]
    public static partial int qpdf_oh_is_array(nint qpdf, uint oh);

    [LibraryImport(Library)]
    public static partial int qpdf_oh_is_dictionary(nint qpdf, uint oh);

    [LibraryImport(Library)]
    public static partial int qpdf_oh_is_stream(nint qpdf, uint oh);

    [LibraryImport(Library)]
    public static partial int qpdf_oh_is_name(nint qpdf, uint oh);

    [LibraryImport(Library)]
    public static partial int qpdf_oh_is_number(nint qpdf, uint oh);

    [LibraryImport(Library)]
    public static partial double qpdf_oh_get_numeric_value(nint qpdf, uint oh);

    [LibraryImport(Library)]
    public static partial byte* qpdf_oh_get_name(nint qpdf, uint oh);

    [LibraryImport(Library)]
    public static partial int qpdf_oh_get_array_n_items(nint qpdf, uint oh);

    [LibraryImport(Library)]
    public static partial uint qpdf_oh_get_array_item(nint qpdf, uint oh, int n);

    [LibraryImport(Library)]
    public static partial void qpdf_oh_begin_dict_key_iter(nint qpdf, uint dictionary);

    [LibraryImport(Library)]
    public static partial int qpdf_oh_dict_more_keys(nint qpdf);

    [LibraryImport(Library)]
    public static partial byte* qpdf_oh_dict_next_key(nint qpdf);

    [LibraryImport(Library)]
    public static partial uint qpdf_oh_get_key(nint qpdf, uint oh, byte* key);

    [LibraryImport(Library)]
    public static partial uint qpdf_oh_get_dict(nint qpdf, uint oh);

    [LibraryImport(Library)]
    public static partial int qpdf_oh_get_stream_data(nint qpdf, uint oh, int decodeLevel, int* filtered, byte** buffer, nuint* length);

    [LibraryImport("libc")]
    public static partial void free(void* pointer);

    /// <summary>A C string as bytes (names may hold bytes that are not UTF-8), with its terminating zero.</summary>
    public static byte[] Bytes(byte* text)
    {
        if (text is null)
        {
            return [0];
        }

        var span = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text);
        var bytes = new byte[span.Length + 1];
        span.CopyTo(bytes);
        return bytes;
    }

    public static string Text(byte* text) => text is null ? string.Empty : Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;

    /// <summary>qpdf's version, or null when libqpdf is not installed.</summary>
    public static string? Version()
    {
        try
        {
            return "qpdf " + Text(qpdf_get_qpdf_version());
        }
        catch (DllNotFoundException)
        {
            return null;
        }
    }
}
