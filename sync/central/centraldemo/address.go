package centraldemo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/sync/central"
)

// In demo mode the kiosk's QR codes must open on a phone on the same
// network: they point at the demo central's own address on the LAN
// (the hall's public.base_url), never at a placeholder domain.

// Interface is what picking an address needs of a network interface.
type Interface struct {
	Name         string
	Up, Loopback bool
	Addrs        []net.Addr
}

// Interfaces lists the machine's interfaces; tests give their own.
type Interfaces func() ([]Interface, error)

// SystemInterfaces is the machine's interfaces, in the system's order.
func SystemInterfaces() ([]Interface, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, err
	}
	var out []Interface
	for _, i := range ifs {
		addrs, err := i.Addrs()
		if err != nil {
			continue // one unreadable interface does not hide the others
		}
		out = append(out, Interface{Name: i.Name, Up: i.Flags&net.FlagUp != 0, Loopback: i.Flags&net.FlagLoopback != 0, Addrs: addrs})
	}
	return out, nil
}

// Why phones on the network cannot open the demo's URL.
var (
	ErrNoLAN    = errors.New("no non-loopback IPv4 address: phones on the network cannot reach this machine")
	ErrLoopback = errors.New("listening on loopback: phones on the network cannot reach it")
)

// LANAddress is the first IPv4 address of the first interface that is
// up and not loopback; link-local (169.254/16) addresses are skipped,
// as phones on the network do not route to them.
func LANAddress(list Interfaces) (net.IP, error) {
	ifs, err := list()
	if err != nil {
		return nil, err
	}
	for _, i := range ifs {
		if !i.Up || i.Loopback {
			continue
		}
		for _, a := range i.Addrs {
			var ip net.IP
			switch a := a.(type) {
			case *net.IPNet:
				ip = a.IP
			case *net.IPAddr:
				ip = a.IP
			}
			if ip4 := ip.To4(); ip4 != nil && !ip4.IsLoopback() && !ip4.IsLinkLocalUnicast() && !ip4.IsUnspecified() {
				return ip4, nil
			}
		}
	}
	return nil, ErrNoLAN
}

// PhoneURL is the base URL a phone on the network opens for a server
// listening on listen: a specific non-loopback address as it is, all
// interfaces (0.0.0.0, ::) as the machine's LAN address. A loopback
// listener gives its loopback URL with ErrLoopback, a machine without a
// LAN address the loopback one with ErrNoLAN: only this machine can
// open those.
func PhoneURL(listen net.Addr, list Interfaces) (string, error) {
	tcp, ok := listen.(*net.TCPAddr)
	if !ok {
		return "", fmt.Errorf("not a TCP listener: %v", listen)
	}
	port := strconv.Itoa(tcp.Port)
	switch {
	case tcp.IP.IsLoopback():
		return "http://" + net.JoinHostPort(tcp.IP.String(), port), ErrLoopback
	case tcp.IP != nil && !tcp.IP.IsUnspecified():
		return "http://" + net.JoinHostPort(tcp.IP.String(), port), nil
	}
	ip, err := LANAddress(list)
	if err != nil {
		return "http://" + net.JoinHostPort("127.0.0.1", port), err
	}
	return "http://" + net.JoinHostPort(ip.String(), port), nil
}

// SetPublicURL makes url the demo hall's public.base_url, so every QR
// code its kiosks show (and every mentor link the console makes) opens
// at it. It reaches the kiosks with their next pull.
func SetPublicURL(ctx context.Context, s central.Store, url string) error {
	return s.SetSettings(ctx, demo.HallID, map[string]string{kiosk.SettingPublicURL: url})
}
