package centraldemo_test

import (
	"errors"
	"net"
	"testing"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/sync/central/centraldemo"
	"onestop/sync/central/sqlitestore/sqlitetest"
	"onestop/sync/central/storetest"
)

func ipnet(s string) net.Addr {
	ip, n, err := net.ParseCIDR(s)
	if err != nil {
		panic(err)
	}
	n.IP = ip
	return n
}

// A laptop: loopback first, a docker bridge that is down, Wi-Fi with a
// link-local and an IPv6 address before its IPv4 one, then Ethernet.
var laptop = centraldemo.Interfaces(func() ([]centraldemo.Interface, error) {
	return []centraldemo.Interface{
		{Name: "lo", Up: true, Loopback: true, Addrs: []net.Addr{ipnet("127.0.0.1/8"), ipnet("::1/128")}},
		{Name: "docker0", Up: false, Addrs: []net.Addr{ipnet("172.17.0.1/16")}},
		{Name: "wlan0", Up: true, Addrs: []net.Addr{ipnet("fe80::1/64"), ipnet("169.254.3.4/16"), ipnet("192.168.1.23/24")}},
		{Name: "eth0", Up: true, Addrs: []net.Addr{ipnet("10.0.0.5/8")}},
	}, nil
})

func TestLANAddress(t *testing.T) {
	ip, err := centraldemo.LANAddress(laptop)
	if err != nil || ip.String() != "192.168.1.23" {
		t.Fatalf("picked %v, %v; want wlan0's 192.168.1.23", ip, err)
	}
	onlyLoopback := centraldemo.Interfaces(func() ([]centraldemo.Interface, error) {
		return []centraldemo.Interface{{Name: "lo", Up: true, Loopback: true, Addrs: []net.Addr{ipnet("127.0.0.1/8")}}}, nil
	})
	if _, err := centraldemo.LANAddress(onlyLoopback); !errors.Is(err, centraldemo.ErrNoLAN) {
		t.Fatalf("offline machine: %v", err)
	}
	addr, _ := net.ResolveTCPAddr("tcp", "0.0.0.0:8480")
	if u, err := centraldemo.PhoneURL(addr, onlyLoopback); u != "http://127.0.0.1:8480" || !errors.Is(err, centraldemo.ErrNoLAN) {
		t.Fatalf("offline machine's URL %s, %v", u, err)
	}
}

func TestPhoneURL(t *testing.T) {
	for _, c := range []struct {
		listen string
		want   string
		err    error
	}{
		{"0.0.0.0:8480", "http://192.168.1.23:8480", nil},
		{"[::]:41234", "http://192.168.1.23:41234", nil},
		{"10.0.0.5:8480", "http://10.0.0.5:8480", nil},
		{"127.0.0.1:8480", "http://127.0.0.1:8480", centraldemo.ErrLoopback},
	} {
		addr, err := net.ResolveTCPAddr("tcp", c.listen)
		if err != nil {
			t.Fatal(err)
		}
		got, err := centraldemo.PhoneURL(addr, laptop)
		if got != c.want || !errors.Is(err, c.err) {
			t.Errorf("listening on %s: %s, %v; want %s", c.listen, got, err, c.want)
		}
	}
}

// The demo hall's kiosks get the URL as their public.base_url.
func TestSetPublicURL(t *testing.T) {
	f := storetest.NewFixture(t, sqlitetest.Fresh)
	if _, err := centraldemo.Seed(f.Ctx, f.S, 20, f.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	f.Must(centraldemo.SetPublicURL(f.Ctx, f.S, "http://192.168.1.23:8480"))
	kv, err := f.S.Settings(f.Ctx, demo.HallID)
	f.Must(err)
	if s := kiosk.ParseSettings(kv); s.PublicURL != "http://192.168.1.23:8480" {
		t.Fatalf("public URL %q", s.PublicURL)
	}
}
