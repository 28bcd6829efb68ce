using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Tactics.Api.Features.Notifications.Webhooks.Delivery;

/// <summary>
/// Keeps webhooks from reaching inside a network (SSRF): receiver URLs are https, and every address their host
/// resolves to must be public. Loopback (and http to it) only where <c>Notifications:Webhooks:AllowLoopback</c>
/// is set. Checked when a subscription is made and again on every connection, since DNS can change.
/// </summary>
public sealed class ReceiverAddressPolicy(IOptionsMonitor<NotificationOptions> options)
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    private bool AllowLoopback => options.CurrentValue.Webhooks.AllowLoopback;

    /// <summary>Null when the URL may receive webhooks; otherwise why not (written by us, never quoting the URL).</summary>
    public async Task<string?> RefusalAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
        {
            return "Must be an absolute https URL.";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return "Must not carry credentials or a fragment.";
        }
        if (uri.Scheme == "http" && !AllowLoopback)
        {
            return "Must be an absolute https URL.";
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, cancellationToken);
        }
        catch (Exception exception) when (exception is SocketException or ArgumentException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return "The host name does not resolve.";
        }
        if (addresses.Length == 0) return "The host name does not resolve.";
        if (addresses.Any(IsRefused))
        {
            return "Must not resolve to a loopback, private, link-local or unspecified address.";
        }
        if (uri.Scheme == "http" && !addresses.All(IPAddress.IsLoopback))
        {
            return "Must be an absolute https URL.";
        }
        return null;
    }

    /// <summary>SocketsHttpHandler.ConnectCallback: resolves, refuses forbidden addresses, connects to an allowed one.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        if (addresses.Length == 0 || addresses.Any(IsRefused))
        {
            throw new ReceiverAddressRefusedException();
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public bool IsRefused(IPAddress address) => IsForbidden(address, AllowLoopback);

    /// <summary>Loopback (unless allowed), private, shared, link-local, unspecified, multicast and broadcast addresses.</summary>
    public static bool IsForbidden(IPAddress address, bool allowLoopback)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return !allowLoopback;

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 0                                   // 0.0.0.0/8, unspecified
                || b[0] == 10                                  // 10/8
                || (b[0] == 172 && (b[1] & 0xF0) == 16)        // 172.16/12
                || (b[0] == 192 && b[1] == 168)                // 192.168/16
                || (b[0] == 169 && b[1] == 254)                // 169.254/16, link-local (cloud metadata)
                || (b[0] == 100 && (b[1] & 0xC0) == 64)        // 100.64/10, carrier-grade NAT
                || b[0] >= 224;                                // multicast, reserved, broadcast
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return address.Equals(IPAddress.IPv6Any)
                || (b[0] & 0xFE) == 0xFC                       // fc00::/7, unique local
                || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)     // fe80::/10, link-local
                || (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)     // fec0::/10, old site-local
                || b[0] == 0xFF;                               // multicast
        }
        return true;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal)) return [literal];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ResolveTimeout);
        return await Dns.GetHostAddressesAsync(host, timeout.Token);
    }
}

/// <summary>The receiver's host resolved to an address webhooks may not reach.</summary>
public sealed class ReceiverAddressRefusedException() : IOException("The receiver's address is not allowed.");
