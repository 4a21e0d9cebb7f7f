using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Npes.MobileEdsSimulator;

/// <summary>The simulated phones: their keys, their policies and the signing requests sent to them.</summary>
internal sealed class SigningRequests : IDisposable
{
    private const int MaxRequests = 10_000;

    private readonly Dictionary<string, (X509Certificate2 Key, Policy Policy)> _phones = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Request> _requests = new(StringComparer.Ordinal);
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    public SigningRequests(SimulatorOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _lifetime = options.RequestLifetime > TimeSpan.Zero
            ? options.RequestLifetime
            : throw new ArgumentException("Simulator:RequestLifetime must be positive.", nameof(options));
        foreach (var (phone, settings) in options.Phones)
        {
            var path = Path.Combine(options.KeyFolder, settings.Certificate);
            if (!File.Exists(path))
            {
                throw new ArgumentException($"Phone {phone}: key file '{path}' does not exist.", nameof(options));
            }

            var key = X509CertificateLoader.LoadPkcs12FromFile(path, options.KeyPassword, X509KeyStorageFlags.EphemeralKeySet);
            using (var ecdsa = key.GetECDsaPrivateKey())
            {
                if (ecdsa is not { KeySize: 256 })
                {
                    key.Dispose();
                    throw new ArgumentException($"Phone {phone}: '{path}' holds no ECDSA P-256 key.", nameof(options));
                }
            }

            _phones[phone] = (key, Policy.Parse(phone, settings.Policy));
        }
    }

    public X509Certificate2? CertificateOf(string phone) => _phones.TryGetValue(phone, out var entry) ? entry.Key : null;

    /// <summary>A new request for the phone, or null for an unknown phone.</summary>
    public string? Start(string phone, byte[] data, string displayText)
    {
        if (!_phones.TryGetValue(phone, out var entry))
        {
            return null;
        }

        Purge();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _requests[id] = new Request(phone, data, displayText, entry.Key, entry.Policy, _time.GetUtcNow());
        return id;
    }

    public Request? Find(string id)
    {
        if (!_requests.TryGetValue(id, out var request))
        {
            return null;
        }

        request.Advance(_time.GetUtcNow(), _lifetime);
        return request;
    }

    public IEnumerable<(string Id, Request Request)> PendingOf(string phone)
    {
        var now = _time.GetUtcNow();
        foreach (var (id, request) in _requests.OrderBy(r => r.Value.CreatedAt))
        {
            request.Advance(now, _lifetime);
            if (request.Phone == phone && request.Status == "pending")
            {
                yield return (id, request);
            }
        }
    }

    public void Dispose()
    {
        foreach (var (key, _) in _phones.Values)
        {
            key.Dispose();
        }
    }

    private void Purge()
    {
        if (_requests.Count < MaxRequests)
        {
            return;
        }

        var cutoff = _time.GetUtcNow() - (4 * _lifetime);
        foreach (var (id, request) in _requests)
        {
            if (request.CreatedAt < cutoff)
            {
                _requests.TryRemove(id, out _);
            }
        }
    }

    internal enum PolicyKind
    {
        Manual,
        Approve,
        Refuse,
        Timeout,
        ApproveAfter,
    }

    internal sealed record Policy(PolicyKind Kind, TimeSpan Delay)
    {
        public static Policy Parse(string phone, string text) => text switch
        {
            "manual" => new(PolicyKind.Manual, TimeSpan.Zero),
            "approve" => new(PolicyKind.Approve, TimeSpan.Zero),
            "refuse" => new(PolicyKind.Refuse, TimeSpan.Zero),
            "timeout" => new(PolicyKind.Timeout, TimeSpan.Zero),
            _ when text.StartsWith("approve-after:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan("approve-after:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) =>
                new(PolicyKind.ApproveAfter, TimeSpan.FromSeconds(seconds)),
            _ => throw new ArgumentException($"Phone {phone}: policy '{text}' is not approve, refuse, timeout, manual or approve-after:N."),
        };
    }

    /// <summary>One signing request; its state moves only forward, under a lock.</summary>
    internal sealed class Request(string phone, byte[] data, string displayText, X509Certificate2 key, Policy policy, DateTimeOffset createdAt)
    {
        private readonly Lock _lock = new();

        public string Phone { get; } = phone;

        public string DisplayText { get; } = displayText;

        /// <summary>The exact bytes the phone signs.</summary>
        public byte[] Data { get; } = data;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public string Status { get; private set; } = "pending";

        public byte[]? Signature { get; private set; }

        public X509Certificate2 Certificate { get; } = key;

        /// <summary>Applies the phone's policy and the lifetime as of <paramref name="now"/>.</summary>
        public void Advance(DateTimeOffset now, TimeSpan lifetime)
        {
            lock (_lock)
            {
                if (Status != "pending")
                {
                    return;
                }

                switch (policy.Kind)
                {
                    case PolicyKind.Approve:
                        SignLocked();
                        return;
                    case PolicyKind.Refuse:
                        Status = "refused";
                        return;
                    case PolicyKind.ApproveAfter when now - CreatedAt >= policy.Delay && policy.Delay < lifetime:
                        SignLocked();
                        return;
                    case PolicyKind.ApproveAfter:
                    case PolicyKind.Timeout:
                    case PolicyKind.Manual:
                        break;
                    default:
                        throw new InvalidOperationException("Unknown policy.");
                }

                if (now - CreatedAt >= lifetime)
                {
                    Status = "expired";
                }
            }
        }

        /// <summary>The holder's answer on the phone; false when the request is no longer pending.</summary>
        public bool Answer(bool confirm, DateTimeOffset now, TimeSpan lifetime)
        {
            lock (_lock)
            {
                if (Status != "pending" || now - CreatedAt >= lifetime)
                {
                    return false;
                }

                if (confirm)
                {
                    SignLocked();
                }
                else
                {
                    Status = "refused";
                }

                return true;
            }
        }

        /// <summary>ECDSA P-256 over SHA-256 in IEEE P1363 form (r||s), exactly as the browser and the CLI sign.</summary>
        private void SignLocked()
        {
            using var ecdsa = Certificate.GetECDsaPrivateKey()!;
            Signature = ecdsa.SignData(Data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            Status = "signed";
        }
    }

    public bool Answer(string id, bool confirm) =>
        _requests.TryGetValue(id, out var request) && request.Answer(confirm, _time.GetUtcNow(), _lifetime);
}
