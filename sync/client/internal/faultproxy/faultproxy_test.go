package faultproxy

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"
)

// echo serves one loopback echo listener for the test.
func echo(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { io.Copy(c, c); c.Close() }()
		}
	}()
	return ln.Addr().String()
}

func roundTrip(t *testing.T, addr string, msg []byte) ([]byte, error) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second)) // a hang fails, it does not time the test
	go func() {
		c.Write(msg)
		c.(*net.TCPConn).CloseWrite()
	}()
	return io.ReadAll(c)
}

// TestSlicedAndDelayedIsIntact: chunking and latency never change bytes.
func TestSlicedAndDelayedIsIntact(t *testing.T) {
	p, err := New(echo(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	p.Set(Faults{MaxChunk: 7, MaxLatency: 50 * time.Microsecond})
	msg := bytes.Repeat([]byte("0123456789abcdef"), 1024)
	got, err := roundTrip(t, p.Addr(), msg)
	if err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("echo through the proxy: %d of %d bytes, %v", len(got), len(msg), err)
	}
}

// TestCutStopsWithinBound: a certain cut delivers fewer bytes than sent
// and is counted.
func TestCutStopsWithinBound(t *testing.T) {
	msg := bytes.Repeat([]byte("x"), 64<<10)
	for run := range 2 {
		p, err := New(echo(t), 42)
		if err != nil {
			t.Fatal(err)
		}
		p.Set(Faults{CutChance: 1, CutWithin: 10000, MaxChunk: 100})
		got, _ := roundTrip(t, p.Addr(), msg)
		p.Close()
		if len(got) >= 10000 {
			t.Fatalf("run %d: %d bytes came back through a link cut within 10000", run, len(got))
		}
		if _, cuts := p.Stats(); cuts != 1 {
			t.Fatalf("run %d: %d cuts, want 1", run, cuts)
		}
	}
}
