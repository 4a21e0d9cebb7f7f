using System.Net;
using System.Net.Sockets;

namespace Npes.Webhooks;

/// <summary>
/// The SSRF guard's allow-list: an address is acceptable only in global unicast space — IPv4 unicast or IPv6
/// 2000::/3 — and outside every block of the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and
/// its updates), whatever their "globally reachable" column says: a webhook has no business at an anycast relay, a
/// benchmarking network or a translator. IPv4-mapped IPv6 addresses are unwrapped and their IPv4 checked; the other
/// IPv4-embedding forms (NAT64, 6to4, Teredo, IPv4-compatible, IPv4-translated) are refused outright, and the
/// reason names the embedded IPv4 address.
/// </summary>
internal static class GlobalUnicast
{
    private static readonly (IPNetwork Network, string Name)[] V4Special =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "\"this network\""),
        (IPNetwork.Parse("10.0.0.0/8"), "private use"),
        (IPNetwork.Parse("100.64.0.0/10"), "shared address space (carrier-grade NAT)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "private use"),
        (IPNetwork.Parse("192.0.0.0/24"), "IETF protocol assignments"),
        (IPNetwork.Parse("192.0.2.0/24"), "documentation (TEST-NET-1)"),
        (IPNetwork.Parse("192.31.196.0/24"), "AS112-v4"),
        (IPNetwork.Parse("192.52.193.0/24"), "AMT"),
        (IPNetwork.Parse("192.88.99.0/24"), "6to4 relay anycast (deprecated)"),
        (IPNetwork.Parse("192.168.0.0/16"), "private use"),
        (IPNetwork.Parse("192.175.48.0/24"), "direct delegation AS112 service"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking"),
        (IPNetwork.Parse("198.51.100.0/24"), "documentation (TEST-NET-2)"),
        (IPNetwork.Parse("203.0.113.0/24"), "documentation (TEST-NET-3)"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
    ];

    private static readonly IPNetwork V6GlobalUnicast = IPNetwork.Parse("2000::/3");

    // Outside 2000::/3 everything is refused anyway (::1, ::, ::ffff:0:0/96 after unwrapping, 64:ff9b::/96,
    // 64:ff9b:1::/48, 100::/64, 100:0:0:1::/64, 5f00::/16, fc00::/7, fe80::/10, fec0::/10, ff00::/8); these are the
    // special-purpose blocks inside it.
    private static readonly (IPNetwork Network, string Name)[] V6Special =
    [
        (IPNetwork.Parse("2001::/32"), "Teredo"),
        (IPNetwork.Parse("2001::/23"), "IETF protocol assignments"),
        (IPNetwork.Parse("2001:db8::/32"), "documentation"),
        (IPNetwork.Parse("2002::/16"), "6to4"),
        (IPNetwork.Parse("2620:4f:8000::/48"), "direct delegation AS112 service"),
        (IPNetwork.Parse("3fff::/20"), "documentation"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork Nat64Local = IPNetwork.Parse("64:ff9b:1::/48");
    private static readonly IPNetwork Translated = IPNetwork.Parse("::ffff:0:0:0/96");
    private static readonly IPNetwork Compatible = IPNetwork.Parse("::/96");

    /// <summary>True when a webhook may connect to <paramref name="address"/>.</summary>
    public static bool IsAllowed(IPAddress address) => Refusal(address) is null;

    /// <summary>Why <paramref name="address"/> is refused (for the operator's log and the registration error), or null.</summary>
    public static string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return Refusal(address.MapToIPv4()) is { } inner ? $"IPv4-mapped {inner}" : null;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            foreach (var (network, name) in V4Special)
            {
                if (network.Contains(address))
                {
                    return $"{address} is in {network} ({name})";
                }
            }

            return null;
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return $"{address} is not an IP address";
        }

        if (address.ScopeId != 0)
        {
            address = new IPAddress(address.GetAddressBytes());
        }

        if (Embedded(address) is { } embedded)
        {
            return $"{address} embeds the IPv4 address {embedded.V4} ({embedded.Form})";
        }

        if (!V6GlobalUnicast.Contains(address))
        {
            return $"{address} is outside global unicast space (2000::/3)";
        }

        foreach (var (network, name) in V6Special)
        {
            if (network.Contains(address))
            {
                return $"{address} is in {network} ({name})";
            }
        }

        return null;
    }

    /// <summary>The IPv4 address carried by an IPv4-embedding IPv6 form (other than IPv4-mapped), and the form's name.</summary>
    internal static (IPAddress V4, string Form)? Embedded(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (Nat64.Contains(address))
        {
            return (new IPAddress(b[12..16]), "NAT64 64:ff9b::/96");
        }

        if (Nat64Local.Contains(address))
        {
            // RFC 6052 layout for a /48 prefix: IPv4 octets in bytes 6, 7, then 9, 10 (byte 8 is the zero "u" octet).
            return (new IPAddress([b[6], b[7], b[9], b[10]]), "local-use NAT64 64:ff9b:1::/48");
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return (new IPAddress(b[2..6]), "6to4 2002::/16");
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
        {
            // Teredo: the client's public IPv4 is the last 32 bits, inverted.
            return (new IPAddress(b[12..16].Select(x => (byte)~x).ToArray()), "Teredo 2001::/32");
        }

        if (Translated.Contains(address))
        {
            return (new IPAddress(b[12..16]), "IPv4-translated ::ffff:0:0:0/96");
        }

        if (Compatible.Contains(address) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback))
        {
            return (new IPAddress(b[12..16]), "IPv4-compatible ::/96");
        }

        return null;
    }
}
