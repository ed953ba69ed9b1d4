//go:build race

package intent_test

// raceEnabled: the race detector slows training ~10×, so the dataset-scale checks run only without it.
const raceEnabled = true
