using System.Runtime.InteropServices;

namespace Npes.Documents.Protocol;

/// <summary>The few Linux calls that isolate a worker: resource limits, its own process group, the parent check, kill.</summary>
internal static partial class Posix
{
    public const int RlimitCpu = 0;
    public const int RlimitFsize = 1;
    public const int RlimitData = 2;
    public const int RlimitCore = 4;
    public const int RlimitNofile = 7;
    public const int RlimitAs = 9;

    public const int SigKill = 9;

    public static bool IsLinux => OperatingSystem.IsLinux();

    /// <summary>Sets soft and hard limit of <paramref name="resource"/>; false when the kernel refuses.</summary>
    public static bool SetLimit(int resource, ulong value)
    {
        var limit = new RLimit { Current = value, Maximum = value };
        return setrlimit(resource, ref limit) == 0;
    }

    /// <summary>Makes the calling process the leader of a new process group, so the group can be killed as one.</summary>
    public static bool OwnProcessGroup() => setpgid(0, 0) == 0;

    public static int ParentProcessId() => getppid();

    /// <summary>SIGKILL to the process group <paramref name="groupId"/> (the worker and everything it started).</summary>
    public static bool KillGroup(int groupId) => groupId > 1 && kill(-groupId, SigKill) == 0;

    /// <summary>
    /// Lets the pipe on <paramref name="fd"/> hold <paramref name="bytes"/> (F_SETPIPE_SZ; the kernel rounds up and
    /// caps it at /proc/sys/fs/pipe-max-size), so a document crosses in one or two writes instead of sixteen 64 KB
    /// turns of the two processes. False when the kernel refuses; the pipe then keeps its size.
    /// </summary>
    public static bool WidenPipe(int fd, int bytes) => fcntl(fd, SetPipeSize, bytes) >= 0;

    private const int SetPipeSize = 1031;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setrlimit(int resource, ref RLimit limit);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpgid(int pid, int pgid);

    [LibraryImport("libc")]
    private static partial int getppid();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
