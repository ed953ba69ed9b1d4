package main

import (
	"context"
	"errors"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/voicegate/voicegate/config"
	"github.com/voicegate/voicegate/telephony"
	"github.com/voicegate/voicegate/telephony/ari"
)

type telephonyLeg = telephony.Leg

// startARI runs the Asterisk app when ari.url is configured; the returned func stops it.
func startARI(ctx context.Context, c config.Config, h telephony.Handler, log *slog.Logger, reg prometheus.Registerer) (func(), error) {
	if c.ARI.URL == "" {
		return func() {}, nil
	}
	lo, hi, err := config.ParsePortRange(c.ARI.RTPPorts)
	if err != nil {
		return nil, err
	}
	app, err := ari.New(ari.Config{
		URL: c.ARI.URL, EventsURL: c.ARI.EventsURL, Username: c.ARI.Username, Password: c.ARI.Password,
		App: c.ARI.App, RTPHost: c.ARI.RTPHost, RTPPortMin: lo, RTPPortMax: hi,
		Handoff: ari.HandoffConfig{Mode: c.ARI.HandoffMode, Context: c.ARI.Context, Extension: c.ARI.Extension, Priority: c.ARI.Priority},
	}, ari.WithLogger(log.With("component", "ari")), ari.WithRegisterer(reg), ari.WithHandler(h))
	if err != nil {
		return nil, err
	}
	actx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := app.Run(actx); err != nil && !errors.Is(err, context.Canceled) {
			log.Error("ARI app stopped", "err", err)
		}
	}()
	return func() { cancel(); <-done }, nil
}
