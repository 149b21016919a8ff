// Package netguard keeps requests that untrusted input names (a feed's
// page links, a subscriber's webhook URL) away from the machine's own
// network.
package netguard

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"
)

// A page link comes from a feed and a webhook URL from a subscriber, both
// untrusted: without a guard, an item linking to
// http://127.0.0.1:8080/admin or to a cloud metadata address
// (169.254.169.254) would make Vigie request it on their behalf
// (server-side request forgery). The dialer resolves the host itself and
// refuses such addresses, at every redirect, so DNS answers that point
// inside cannot slip through either.

// trustedKey carries, in a request's context, a host:port that may be
// non-public: a feed served from a private address (an intranet, a test
// server) may link to pages at that same address.
type trustedKey struct{}

// WithTrusted lets requests made with ctx reach hostport even when it is
// not a public address.
func WithTrusted(ctx context.Context, hostport string) context.Context {
	return context.WithValue(ctx, trustedKey{}, strings.ToLower(hostport))
}

// ErrForbiddenAddress is returned for a host that resolves to a loopback,
// private, link-local, multicast or unspecified address.
type ErrForbiddenAddress struct {
	Host string
	Addr netip.Addr
}

func (e *ErrForbiddenAddress) Error() string {
	return fmt.Sprintf("%s resolves to %s, a non-public address", e.Host, e.Addr)
}

// Public reports whether a is an address of the public internet.
func Public(a netip.Addr) bool {
	a = a.Unmap()
	if a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() || !a.IsValid() {
		return false
	}
	// Carrier-grade NAT (100.64.0.0/10), "this network" (0.0.0.0/8) and
	// the benchmarking range are not the public internet either.
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("fc00::/7"),
}

// Dialer dials only public addresses, except the trusted host:port of the
// context (WithTrusted), or any address when AllowPrivate is set (an
// operator whose webhooks live on the intranet).
type Dialer struct {
	AllowPrivate bool
	dialer       net.Dialer
	resolver     *net.Resolver
}

// NewDialer is a guarded dialer with a connect timeout.
func NewDialer(timeout time.Duration) *Dialer {
	return &Dialer{dialer: net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}, resolver: net.DefaultResolver}
}

// DialContext is net.Dialer's, refusing non-public addresses.
func (d *Dialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	trusted, _ := ctx.Value(trustedKey{}).(string)
	ips, err := d.resolve(ctx, host)
	if err != nil {
		return nil, err
	}
	if trusted != strings.ToLower(addr) {
		for _, ip := range ips {
			if !Public(ip) && !d.AllowPrivate {
				return nil, &ErrForbiddenAddress{Host: host, Addr: ip}
			}
		}
	}
	var firstErr error
	for _, ip := range ips {
		conn, err := d.dialer.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return conn, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

func (d *Dialer) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, nil
	}
	ips, err := d.resolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, err
	}
	if len(ips) == 0 {
		return nil, fmt.Errorf("%s: no address", host)
	}
	return ips, nil
}
