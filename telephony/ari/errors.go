// Package ari answers phone callers that Asterisk hands to a Stasis application and turns each into a
// telephony.Leg: REST through CyCoreSystems/ari v5 (behind a local timeout proxy), events through our own
// filtering websocket reader, caller media over ExternalMedia RTP (µ-law, 20 ms) with a jitter buffer,
// and handoff by dialplan continue or to a voicegate agent.
package ari

import "errors"

var (
	// ErrConfig means the configuration is incomplete or contradictory.
	ErrConfig = errors.New("ari: bad config")
	// ErrAuth means Asterisk rejected the ARI credentials.
	ErrAuth = errors.New("ari: authentication failed")
	// ErrUnreachable means Asterisk's ARI did not answer in time or at all.
	ErrUnreachable = errors.New("ari: asterisk unreachable")
	// ErrApplicationReplaced means another client registered the same Stasis application name.
	ErrApplicationReplaced = errors.New("ari: application replaced by another connection")
	// ErrSetup means a call could not be set up (answer, bridge or external media failed).
	ErrSetup = errors.New("ari: call setup failed")
	// ErrTransfer means a handoff could not be completed.
	ErrTransfer = errors.New("ari: transfer failed")
	// ErrNoRTPPort means no UDP port in the configured range was free.
	ErrNoRTPPort = errors.New("ari: no free RTP port")
)
