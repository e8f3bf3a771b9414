package testkit

import (
	"errors"
	"net"
	"net/http"
	"syscall"
	"time"
)

// RefuseNonLoopback makes http.DefaultTransport connect to loopback addresses only, and use no
// proxy: call it in a TestMain, so that no test of a package that talks to Microsoft's
// services can reach them (or anything else off the machine) by mistake.
func RefuseNonLoopback() {
	http.DefaultTransport = LoopbackTransport()
}

// LoopbackTransport returns a transport that connects to loopback addresses only, with no proxy.
func LoopbackTransport() *http.Transport {
	d := &net.Dialer{Timeout: 10 * time.Second, Control: loopbackOnly}
	return &http.Transport{DialContext: d.DialContext, ForceAttemptHTTP2: true, MaxIdleConnsPerHost: 8}
}

func loopbackOnly(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return errors.New("test refused a connection to " + address + ": not a loopback address")
	}
	return nil
}
