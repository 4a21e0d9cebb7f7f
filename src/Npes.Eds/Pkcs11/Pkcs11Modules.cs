using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Npes.Eds.Pkcs11;

/// <summary>
/// The PKCS#11 modules this process has loaded. A module is initialised once per process (C_Initialize, OS locking)
/// however many keys use it — a second load of the same library would share, and a second C_Finalize destroy, the
/// first one's state — and finalised and unloaded when the last user lets it go. Each token also has a gate: one
/// logged-in key at a time, because a PKCS#11 login belongs to the whole application, not to one session.
/// </summary>
internal static class Pkcs11Modules
{
    private static readonly Lock Sync = new();
    private static readonly Dictionary<string, LoadedModule> Loaded = new(StringComparer.Ordinal);

    static Pkcs11Modules() => ResolveLibdl();

    internal static Pkcs11InteropFactories Factories { get; } = new();

    /// <summary>Loads and initialises <paramref name="module"/>, or shares it when loaded; dispose the lease to let it go.</summary>
    public static ModuleLease Acquire(string module)
    {
        var key = module.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) ? Path.GetFullPath(module) : module;
        lock (Sync)
        {
            if (!Loaded.TryGetValue(key, out var loaded))
            {
                loaded = new LoadedModule(key, Load(key));
                Loaded.Add(key, loaded);
            }

            loaded.References++;
            return new ModuleLease(loaded);
        }
    }

    private static IPkcs11Library Load(string module)
    {
        if (module.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) && !File.Exists(module))
        {
            throw new EdsTokenException(TokenFailure.ModuleUnavailable, $"The PKCS#11 module {module} does not exist.");
        }

        try
        {
            return Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, module, AppType.MultiThreaded);
        }
        catch (UnmanagedException e) when (e.Message.Contains("C_GetFunctionList", StringComparison.Ordinal))
        {
            throw new EdsTokenException(TokenFailure.ModuleUnavailable, $"{module} is not a PKCS#11 module: it has no C_GetFunctionList.", e);
        }
        catch (Exception e) when (e is UnmanagedException or DllNotFoundException or BadImageFormatException)
        {
            throw new EdsTokenException(TokenFailure.ModuleUnavailable, $"The PKCS#11 module {module} cannot be loaded (missing, unreadable, or built for another platform).", e);
        }
        catch (Pkcs11Exception e)
        {
            throw new EdsTokenException(TokenFailure.ModuleUnavailable, $"The PKCS#11 module {module} did not initialise: {e.Method} returned {e.RV}.", e);
        }
    }

    private static void Release(LoadedModule module)
    {
        lock (Sync)
        {
            if (--module.References > 0)
            {
                return;
            }

            Loaded.Remove(module.Key);
            module.Library.Dispose(); // C_Finalize, then the library is unloaded
        }
    }

    /// <summary>
    /// Pkcs11Interop finds dlopen in a library it calls "libdl"; current glibc ships only libdl.so.2 (dlopen itself is
    /// in libc), so that name is mapped here once per process.
    /// </summary>
    private static void ResolveLibdl()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, (name, _, _) =>
                name == "libdl" && (NativeLibrary.TryLoad("libdl.so.2", out var handle) || NativeLibrary.TryLoad("libc.so.6", out handle))
                    ? handle
                    : IntPtr.Zero);
        }
        catch (InvalidOperationException)
        {
            // The host set its own resolver for Pkcs11Interop; it knows best.
        }
    }

    internal sealed class LoadedModule(string key, IPkcs11Library library)
    {
        private readonly Dictionary<ulong, SemaphoreSlim> _gates = [];

        public string Key { get; } = key;

        public IPkcs11Library Library { get; } = library;

        public int References { get; set; }

        public SemaphoreSlim Gate(ulong slotId)
        {
            lock (_gates)
            {
                if (!_gates.TryGetValue(slotId, out var gate))
                {
                    gate = new SemaphoreSlim(1, 1);
                    _gates.Add(slotId, gate);
                }

                return gate;
            }
        }
    }

    /// <summary>One user's hold on a loaded module.</summary>
    internal sealed class ModuleLease(LoadedModule module) : IDisposable
    {
        private int _disposed;

        public string Name => module.Key;

        public IPkcs11Library Library => module.Library;

        /// <summary>Waits up to <paramref name="timeout"/> for the token in <paramref name="slotId"/>; dispose the result to let it go.</summary>
        public IDisposable EnterToken(ulong slotId, string token, TimeSpan timeout)
        {
            var gate = module.Gate(slotId);
            if (!gate.Wait(timeout))
            {
                throw new EdsTokenException(TokenFailure.TokenBusy, $"Token {token} is in use by another signing operation that did not finish within {timeout.TotalSeconds:0} s.");
            }

            return new Exit(gate);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Release(module);
            }
        }

        private sealed class Exit(SemaphoreSlim gate) : IDisposable
        {
            private int _released;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _released, 1) == 0)
                {
                    gate.Release();
                }
            }
        }
    }
}
