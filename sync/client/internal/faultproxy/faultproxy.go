// Package faultproxy is a small fault-injecting TCP proxy for tests: it
// listens on a loopback port and forwards each connection to a target,
// slicing writes into small chunks, adding latency and cutting
// connections after a number of bytes, all drawn from a seeded source so
// a run can be repeated.
package faultproxy

import (
	"errors"
	"io"
	"math/rand"
	"net"
	"sync"
	"time"
)

// Faults are what the proxy does to each new connection. Zero values
// disable a fault.
type Faults struct {
	// CutChance is the chance (0..1), drawn for each direction of a
	// connection, that the connection is cut after a uniformly drawn
	// count of bytes in [0, CutWithin) forwarded in that direction.
	CutChance float64
	CutWithin int
	// Reset, when set, cuts with an RST (SO_LINGER 0) rather than FIN.
	Reset bool
	// MaxChunk slices every write into pieces of 1..MaxChunk bytes.
	MaxChunk int
	// MaxLatency delays every chunk by up to this much.
	MaxLatency time.Duration
}

// Proxy forwards 127.0.0.1:<port> to a target address.
type Proxy struct {
	ln     net.Listener
	target string

	mu     sync.Mutex
	rnd    *rand.Rand
	faults Faults
	conns  map[net.Conn]struct{}
	cuts   int
	accept int
	closed bool
	wg     sync.WaitGroup
}

// New starts a proxy to target with a source seeded by seed.
func New(target string, seed int64) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, target: target, rnd: rand.New(rand.NewSource(seed)), conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.serve()
	return p, nil
}

// Addr is the proxy's listening address, host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Set replaces the faults for connections accepted from now on.
func (p *Proxy) Set(f Faults) {
	p.mu.Lock()
	p.faults = f
	p.mu.Unlock()
}

// Stats reports how many connections were accepted and how many cut.
func (p *Proxy) Stats() (accepted, cut int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.accept, p.cuts
}

// Close stops listening and closes every open connection.
func (p *Proxy) Close() error {
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	err := p.ln.Close()
	p.wg.Wait()
	return err
}

func (p *Proxy) serve() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go p.handle(c)
	}
}

// plan is one connection's faults, drawn when it is accepted.
type plan struct {
	cutAt    [2]int64 // bytes before the cut per direction; -1 never
	maxChunk int
	latency  time.Duration
	reset    bool
	rnd      *rand.Rand
}

func (p *Proxy) plan() plan {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.accept++
	f := p.faults
	pl := plan{cutAt: [2]int64{-1, -1}, maxChunk: f.MaxChunk, latency: f.MaxLatency, reset: f.Reset,
		rnd: rand.New(rand.NewSource(p.rnd.Int63()))}
	for dir := range pl.cutAt {
		if f.CutChance > 0 && f.CutWithin > 0 && p.rnd.Float64() < f.CutChance {
			pl.cutAt[dir] = int64(p.rnd.Intn(f.CutWithin))
		}
	}
	return pl
}

func (p *Proxy) track(c net.Conn, add bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if add {
		if p.closed {
			return false
		}
		p.conns[c] = struct{}{}
	} else {
		delete(p.conns, c)
	}
	return true
}

func (p *Proxy) handle(client net.Conn) {
	defer p.wg.Done()
	pl := p.plan()
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		client.Close()
		return
	}
	if !p.track(client, true) || !p.track(server, true) {
		client.Close()
		server.Close()
		return
	}
	defer p.track(client, false)
	defer p.track(server, false)
	var once sync.Once
	cut := func(wasCut bool) {
		once.Do(func() {
			if wasCut {
				p.mu.Lock()
				p.cuts++
				p.mu.Unlock()
				if pl.reset {
					for _, c := range []net.Conn{client, server} {
						if tc, ok := c.(*net.TCPConn); ok {
							tc.SetLinger(0)
						}
					}
				}
			}
			client.Close()
			server.Close()
		})
	}
	var rmu sync.Mutex // the two directions share the plan's source
	draw := func(n int) int {
		rmu.Lock()
		defer rmu.Unlock()
		return pl.rnd.Intn(n)
	}
	var wg sync.WaitGroup
	wg.Add(2)
	pipe := func(dir int, dst, src net.Conn) {
		defer wg.Done()
		switch pipeOne(dst, src, pl.cutAt[dir], pl.maxChunk, pl.latency, draw) {
		case stopCut:
			cut(true)
			return
		case stopError:
			cut(false)
			return
		}
		// Half-close so the other side sees EOF, as a real peer would.
		if tc, ok := dst.(*net.TCPConn); ok {
			tc.CloseWrite()
		}
	}
	go pipe(0, server, client)
	go pipe(1, client, server)
	wg.Wait()
	cut(false)
}

// Why a pipe stopped.
const (
	stopEOF = iota
	stopCut
	stopError
)

// pipeOne copies src to dst, slicing and delaying writes; it reports
// why it stopped: src's EOF, the cut point, or an error.
func pipeOne(dst, src net.Conn, cutAt int64, maxChunk int, latency time.Duration, draw func(int) int) int {
	buf := make([]byte, 32<<10)
	var sent int64
	for {
		n, rerr := src.Read(buf)
		b := buf[:n]
		for len(b) > 0 {
			k := len(b)
			if maxChunk > 0 {
				k = min(k, 1+draw(maxChunk))
			}
			if cutAt >= 0 && sent+int64(k) > cutAt {
				k = int(cutAt - sent)
				if k > 0 {
					dst.Write(b[:k])
				}
				return stopCut
			}
			if latency > 0 {
				time.Sleep(time.Duration(draw(int(latency) + 1)))
			}
			if _, err := dst.Write(b[:k]); err != nil {
				return stopError
			}
			sent += int64(k)
			b = b[k:]
		}
		if rerr != nil {
			if errors.Is(rerr, io.EOF) {
				return stopEOF
			}
			return stopError
		}
	}
}
