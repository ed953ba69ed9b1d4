// Package aritest is an in-process Asterisk 22 ARI simulator for tests: REST and the events websocket,
// every request and every emitted event checked against Asterisk's own API description (embedded from
// testdata/ari-api-docs), plus simulated callers that stream µ-law RTP to an ExternalMedia endpoint and
// record what comes back.
package aritest

import "errors"

var (
	// ErrAppNotActive means no events websocket is connected for the Stasis application (Asterisk would
	// set STASISSTATUS=FAILED and fall back in the dialplan).
	ErrAppNotActive = errors.New("aritest: stasis application not active")
	// ErrNotBridged means the caller is not in a bridge with an ExternalMedia channel, so no media flows.
	ErrNotBridged = errors.New("aritest: caller not bridged with external media")
	// ErrCallEnded means the simulated caller already left Stasis.
	ErrCallEnded = errors.New("aritest: call ended")
	// ErrListen means the simulator could not listen on the requested address.
	ErrListen = errors.New("aritest: cannot listen")
	// ErrSpec means the embedded API description could not be loaded.
	ErrSpec = errors.New("aritest: bad API description")
)
