package netguard

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"testing"
	"time"
)

func TestPublic(t *testing.T) {
	for addr, want := range map[string]bool{
		"8.8.8.8": true, "2a00:1450:4007::1": true, "93.184.216.34": true,
		"127.0.0.1": false, "::1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false,
		"169.254.169.254": false, "fe80::1": false, "100.64.0.1": false, "0.0.0.0": false,
		"::ffff:127.0.0.1": false, "fd00::1": false, "224.0.0.1": false, "198.18.0.1": false,
	} {
		if got := Public(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Public(%s) = %v, want %v", addr, got, want)
		}
	}
}

// TestDialer refuses a loopback listener unless it is trusted or the
// dialer allows private addresses.
func TestDialer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	addr := ln.Addr().String()
	d := NewDialer(time.Second)
	var fa *ErrForbiddenAddress
	if _, err := d.DialContext(context.Background(), "tcp", addr); !errors.As(err, &fa) {
		t.Errorf("loopback dialed: %v", err)
	}
	c, err := d.DialContext(WithTrusted(context.Background(), addr), "tcp", addr)
	if err != nil {
		t.Fatalf("trusted: %v", err)
	}
	c.Close()
	d.AllowPrivate = true
	c, err = d.DialContext(context.Background(), "tcp", addr)
	if err != nil {
		t.Fatalf("allow private: %v", err)
	}
	c.Close()
}
